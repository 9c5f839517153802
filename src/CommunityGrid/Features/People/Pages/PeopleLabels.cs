using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.People.Pages;

/// <summary>How the pages name genders, party statuses and care tags (Chinese first).</summary>
internal static class PeopleLabels
{
    public static string Gender(Lang l, Gender gender) => gender switch
    {
        People.Gender.Male => l.T("男", "Male"),
        People.Gender.Female => l.T("女", "Female"),
        _ => l.T("未知", "Unknown"),
    };

    public static string Party(Lang l, PartyStatus status) => status switch
    {
        PartyStatus.OnRoll => l.T("党员（在册）", "Party member (on roll)"),
        PartyStatus.InService => l.T("党员（在职）", "Party member (in service)"),
        _ => l.T("群众", "Not a member"),
    };

    public static string CareTag(Lang l, CareTags tag) => l.IsChinese ? CareTagLabels.Chinese(tag) : tag switch
    {
        CareTags.LivingAlone => "Living alone",
        CareTags.Elderly80Plus => "80+",
        CareTags.Disabled => "Disabled",
        CareTags.Hardship => "Hardship",
        CareTags.LeftBehindChild => "Left-behind child",
        _ => tag.ToString(),
    };
}
