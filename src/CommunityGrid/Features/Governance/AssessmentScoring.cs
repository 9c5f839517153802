namespace CommunityGrid.Features.Governance;

/// <summary>
/// The arithmetic of 考核评价, kept apart from the database so that it is tested in milliseconds:
/// parties' marks and computed values → one value per criterion → the weighted total → the colour of
/// the list → the ranking. The rules (ADR 0019):
/// - a typed criterion is the weighted mean of the parties that scored it (community 40, owners'
///   committee 30, the residents' mean 30), re-weighted over the parties present;
/// - a criterion with no value (nobody scored it, or no order to compute it from) is left out and the
///   total re-weighted over the others; the result says it is incomplete; with no value at all there is
///   no total and no rank;
/// - below <c>RedBelow</c> → red list, below <c>YellowBelow</c> → yellow list;
/// - equal totals share a rank (1, 2, 2, 4).
/// </summary>
public static class AssessmentScoring
{
    public static readonly IReadOnlyDictionary<AssessmentParty, double> PartyWeights = new Dictionary<AssessmentParty, double>
    {
        [AssessmentParty.Community] = 40,
        [AssessmentParty.OwnersCommittee] = 30,
        [AssessmentParty.Residents] = 30,
    };

    /// <summary>One typed criterion's value from the marks given to it (any parties, residents many times).</summary>
    public static double? Typed(IEnumerable<(AssessmentParty Party, double Value)> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var byParty = marks.GroupBy(m => m.Party).Select(g => (Weight: PartyWeights[g.Key], Value: g.Average(m => m.Value))).ToList();
        if (byParty.Count == 0)
        {
            return null;
        }

        return byParty.Sum(p => p.Weight * p.Value) / byParty.Sum(p => p.Weight);
    }

    /// <summary>The weighted total over the criteria that have a value; null when none has.</summary>
    public static (double? Total, bool Incomplete) Total(IEnumerable<(int Weight, double? Value)> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var all = criteria.ToList();
        var present = all.Where(c => c.Value is not null).ToList();
        var weight = present.Sum(c => c.Weight);
        if (weight == 0)
        {
            return (null, all.Count > 0);
        }

        var total = present.Sum(c => c.Weight * c.Value!.Value) / weight;
        return (Math.Round(total, 1, MidpointRounding.AwayFromZero), present.Count < all.Count);
    }

    public static ListColour Colour(double? total, double redBelow, double yellowBelow) => total switch
    {
        null => ListColour.None,
        var t when t < redBelow => ListColour.Red,
        var t when t < yellowBelow => ListColour.Yellow,
        _ => ListColour.None,
    };

    /// <summary>Competition ranking: highest first, equal totals share a rank, no total → no rank.</summary>
    public static IReadOnlyList<int?> Ranks(IReadOnlyList<double?> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return [.. totals.Select(t => t is null ? (int?)null : 1 + totals.Count(o => o is not null && o > t))];
    }

    /// <summary>A share as 0–100, or null when nothing was counted.</summary>
    public static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>Escalations that reached the street, as a score: 100, less 20 for each, never below 0.</summary>
    public static double EscalationScore(int escalations) => Math.Max(0, 100 - (20 * escalations));
}
