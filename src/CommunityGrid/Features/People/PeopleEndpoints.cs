namespace CommunityGrid.Features.People;

internal static class PeopleEndpoints
{
    public static IServiceCollection AddPeople(this IServiceCollection services) => services;

    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder api) => api;
}
