namespace CommunityGrid.Features.Stations;

internal static class StationEndpoints
{
    public static IServiceCollection AddStations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StationOptions>(configuration.GetSection("Stations"));
        return services.AddScoped<StationQueries>().AddScoped<CheckInAtStation>().AddScoped<OpenStation>().AddScoped<ChangeStation>();
    }

    public static RouteGroupBuilder MapStations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stations").WithTags("Stations");
        group.MapGet("/", async (StationQueries queries, double? lat, double? lng, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(lat, lng, ct)))
            .WithSummary("红蜂驿站: facilities, hours, location; nearest first when lat/lng are given.");
        group.MapGet("/{id:guid}", async (Guid id, StationQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)));
        group.MapPost("/", async (CreateStation r, OpenStation open, CancellationToken ct) =>
        {
            var s = await open.HandleAsync(r, ct);
            return TypedResults.Created($"/api/stations/{s.Id}", s);
        }).WithSummary("The community's admin opens a station: place inside the community, facilities, hours, its Station-kind organisation (named or registered with it).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id:guid}", async (Guid id, EditStation r, ChangeStation change, CancellationToken ct) => TypedResults.Ok(await change.HandleAsync(id, r, ct)))
            .WithSummary("Admins change everything; the station's staff its facilities and hours only (staff_edit_facilities_and_hours_only).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/check-in", async (Guid id, CheckInAtStation checkIn, CancellationToken ct) =>
        {
            var c = await checkIn.HandleAsync(id, ct);
            return TypedResults.Created($"/api/stations/{id}/use", c);
        }).WithSummary("A rider checks in; once per station per 30 minutes (checked_in_recently).");
        group.MapGet("/{id:guid}/use", async (Guid id, StationQueries queries, int? days, CancellationToken ct) => TypedResults.Ok(await queries.UseAsync(id, days, ct)))
            .WithSummary("Who used the station today and check-ins per day: its staff and the admins above it.");
        return api;
    }
}
