namespace CommunityGrid.Tests.WorkOrders.Rules;

/// <summary>
/// Who may do what, written down from SPEC.md's closed loop independently of the entity: for each move,
/// rows of (situations, callers) → allowed or the refusal's code; the first row that matches decides, and
/// a cell no row matches gets the move's <see cref="Otherwise"/> code (usually invalid_transition).
/// </summary>
public static class Rulebook
{
    public sealed record Row(string Move, IReadOnlyList<string> Situations, IReadOnlyList<Caller>? Callers, string? Refusal)
    {
        public bool Matches(string move, string situation, Caller caller) =>
            Move == move && Situations.Contains(situation) && (Callers is null || Callers.Contains(caller));
    }

    private static readonly string[] RepairAwaitingDispatch = ["repair awaiting dispatch", "returned, awaiting dispatch again"];
    private static readonly string[] ConsultationAwaitingDispatch = ["consultation awaiting dispatch"];
    private static readonly string[] AwaitingDispatch = [.. RepairAwaitingDispatch, .. ConsultationAwaitingDispatch];
    private static readonly string[] ToPerson = ["dispatched to a person"];
    private static readonly string[] ToCompany = ["dispatched to the property company"];
    private static readonly string[] GridPool = ["published to the grid's pool"];
    private static readonly string[] CommunityPool = ["published to the community's pool"];
    private static readonly string[] AwaitingAcceptance = [.. ToPerson, .. ToCompany, .. GridPool, .. CommunityPool];
    private static readonly string[] BeforeAcceptance = [.. AwaitingDispatch, .. AwaitingAcceptance];
    private static readonly string[] ExtensionAsked = ["in progress with an extension asked"];
    private static readonly string[] PastDeadline = ["in progress past its deadline"];
    private static readonly string[] HandledByThePerson = ["accepted by the person", .. ExtensionAsked, .. PastDeadline, "redone after an unsatisfied callback"];
    private static readonly string[] HandledForTheCompany = ["accepted for the company"];
    private static readonly string[] TakenFromThePool = ["taken from the pool"];
    private static readonly string[] InProgress = [.. HandledByThePerson, .. HandledForTheCompany, .. TakenFromThePool];
    private static readonly string[] AwaitingVerification = ["awaiting verification"];
    private static readonly string[] AwaitingCallback = ["awaiting callback"];
    private static readonly string[] Open = [.. BeforeAcceptance, .. InProgress, .. AwaitingVerification, .. AwaitingCallback];

    /// <summary>Grid staff of the order's grid, and the admins above it.</summary>
    private static readonly Caller[] GridStaff = [Caller.GridWorker, Caller.CommunityAdmin, Caller.StreetAdmin];
    /// <summary>Community level and above, over the order's grid.</summary>
    private static readonly Caller[] LevelAbove = [Caller.CommunityAdmin, Caller.StreetAdmin];

    private static Row Allow(string move, string[] situations, params Caller[] callers) => new(move, situations, callers, null);

    private static Row Refuse(string move, string[] situations, string code, params Caller[] callers) => new(move, situations, callers.Length == 0 ? null : callers, code);

    public static readonly IReadOnlyList<Row> Rows =
    [
        Allow("dispatch", AwaitingDispatch, GridStaff),
        Refuse("dispatch", AwaitingDispatch, "not_grid_staff"),

        Allow("resolve", ConsultationAwaitingDispatch, GridStaff),
        Refuse("resolve", ConsultationAwaitingDispatch, "not_grid_staff"),
        Refuse("resolve", RepairAwaitingDispatch, "invalid_transition"),
        Allow("resolve", HandledByThePerson, Caller.Assignee),
        Allow("resolve", HandledForTheCompany, Caller.PropertyStaff),
        Allow("resolve", TakenFromThePool, Caller.PartyMember),
        Refuse("resolve", InProgress, "not_the_handler"),

        Allow("accept", ToPerson, Caller.Assignee),
        Allow("accept", ToCompany, Caller.PropertyStaff, Caller.PropertyColleague),
        Allow("accept", GridPool, Caller.PartyMember),
        Allow("accept", CommunityPool, Caller.PartyMember, Caller.PartyMemberOfAnotherGrid),
        Refuse("accept", AwaitingAcceptance, "not_the_assignee"),

        // A pool member who will not take it simply leaves it in the pool: nobody returns a published order.
        Allow("return", ToPerson, Caller.Assignee),
        Allow("return", ToCompany, Caller.PropertyStaff, Caller.PropertyColleague),
        Allow("return", HandledByThePerson, Caller.Assignee),
        Allow("return", HandledForTheCompany, Caller.PropertyStaff),
        Allow("return", TakenFromThePool, Caller.PartyMember),
        Refuse("return", [.. AwaitingAcceptance, .. InProgress], "not_the_assignee"),

        Refuse("request-extension", ExtensionAsked, "extension_pending", Caller.Assignee),
        Refuse("request-extension", PastDeadline, "extension_after_deadline", Caller.Assignee),
        Allow("request-extension", HandledByThePerson, Caller.Assignee),
        Allow("request-extension", HandledForTheCompany, Caller.PropertyStaff),
        Allow("request-extension", TakenFromThePool, Caller.PartyMember),
        Refuse("request-extension", InProgress, "not_the_handler"),

        Allow("approve-extension", ExtensionAsked, LevelAbove),
        Refuse("approve-extension", ExtensionAsked, "not_the_level_above"),
        Allow("refuse-extension", ExtensionAsked, LevelAbove),
        Refuse("refuse-extension", ExtensionAsked, "not_the_level_above"),

        Allow("verify", AwaitingVerification, GridStaff),
        Refuse("verify", AwaitingVerification, "not_grid_staff"),
        Allow("reject-verification", AwaitingVerification, GridStaff),
        Refuse("reject-verification", AwaitingVerification, "not_grid_staff"),

        // The requester rates; a grid worker may take the rating down on a callback visit.
        Allow("callback (satisfied)", AwaitingCallback, [Caller.Requester, .. GridStaff]),
        Refuse("callback (satisfied)", AwaitingCallback, "not_the_requester"),
        Allow("callback (unsatisfied)", AwaitingCallback, [Caller.Requester, .. GridStaff]),
        Refuse("callback (unsatisfied)", AwaitingCallback, "not_the_requester"),

        Allow("cancel", BeforeAcceptance, Caller.Requester),
        Refuse("cancel", BeforeAcceptance, "not_the_requester"),

        Allow("supervise", Open, LevelAbove),
        Refuse("supervise", Open, "not_a_supervisor"),

        Allow("merge", BeforeAcceptance, GridStaff),
        Refuse("merge", BeforeAcceptance, "not_grid_staff"),
    ];

    /// <summary>The refusal where no row speaks: the action does not fit the order's state.</summary>
    public static string Otherwise(string move) => move switch
    {
        "approve-extension" or "refuse-extension" => "no_extension_pending",
        "supervise" => "order_not_open",
        _ => "invalid_transition",
    };

    /// <summary>Null when the caller may; otherwise the code of the refusal.</summary>
    public static string? Expected(string move, string situation, Caller caller) =>
        Rows.FirstOrDefault(r => r.Matches(move, situation, caller)) is { } row ? row.Refusal : Otherwise(move);
}
