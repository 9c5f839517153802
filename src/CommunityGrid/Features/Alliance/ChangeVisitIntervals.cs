using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record ChangeIntervals(IReadOnlyDictionary<CareTags, int> Days);

/// <summary>A community admin sets the visit interval of some care tags; the others keep theirs.</summary>
public sealed class ChangeVisitIntervals(AppDbContext db, CurrentUser current, CareVisitQueries queries, TimeProvider clock)
{
    /// <summary>A community admin sets intervals for some tags; the others keep theirs.</summary>
    public async Task<IReadOnlyList<IntervalView>> HandleAsync(string communityCode, ChangeIntervals request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        if (!scope.Administers(community.Path))
        {
            throw new NotFoundException("community");
        }

        var rows = await db.CareVisitIntervals.Where(i => i.AreaPath == community.Path).ToListAsync(ct);
        foreach (var (tag, days) in request.Days ?? new Dictionary<CareTags, int>())
        {
            if (!CareTagLabels.All.Contains(tag))
            {
                throw new InvalidInputException("tag_invalid", "请逐个设置单项关爱标签", "Set one care tag at a time.");
            }

            if (rows.SingleOrDefault(r => r.Tag == tag) is { } row)
            {
                row.Change(days, clock.GetUtcNow().UtcDateTime);
            }
            else
            {
                db.CareVisitIntervals.Add(CareVisitInterval.For(community.Path, tag, days, clock.GetUtcNow().UtcDateTime));
            }
        }

        await db.SaveInTransactionAsync(ct);
        return await queries.IntervalsAsync(communityCode, ct);
    }
}
