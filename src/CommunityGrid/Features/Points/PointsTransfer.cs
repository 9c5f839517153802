using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Points;

/// <summary>What a transfer is for. Together with <see cref="PointsTransfer.SourceRef"/> it is unique: one source, one transfer.</summary>
public enum TransferSource
{
    /// <summary>Verified volunteer hours × the activity type's rate.</summary>
    VolunteerHours = 1,
    /// <summary>A completed and well-rated work order.</summary>
    WorkOrder = 2,
    /// <summary>A rider's problem report verified by the grid.</summary>
    ProblemReport = 3,
    /// <summary>A wish of the wish tree, fulfilled and confirmed.</summary>
    Wish = 4,
    /// <summary>Points taken for a shop item or merchant offer.</summary>
    Redemption = 5,
    /// <summary>Points given back for an expired or cancelled code.</summary>
    Refund = 6,
    /// <summary>Points of a redeemed code passed on to the merchant.</summary>
    Settlement = 7,
    /// <summary>The mirror of an earlier transfer; the only way to undo one.</summary>
    Reversal = 8,
    /// <summary>Points older than the community's expiry returned to its pool.</summary>
    Expiry = 9,
}

/// <summary>
/// One movement of points between two accounts. Append-only: a mistake is undone by a reversal,
/// never by an edit or a delete (the audit interceptor refuses both).
/// </summary>
public sealed class PointsTransfer : IAreaScoped, IAppendOnly
{
    public const int SourceRefMaxLength = 80;
    public const int MemoMaxLength = 200;

    private PointsTransfer() { }

    public Guid Id { get; private set; }
    public DateTime At { get; private set; }
    public Guid FromAccountId { get; private set; }
    public Guid ToAccountId { get; private set; }
    public long Amount { get; private set; }
    public TransferSource Source { get; private set; }
    public string SourceRef { get; private set; } = "";
    public string Memo { get; private set; } = "";
    /// <summary>The community the movement belongs to (its pool, shop or alliance).</summary>
    public string AreaPath { get; private set; } = "";
    public string? ActorUserId { get; private set; }
    public long FromBalanceAfter { get; private set; }
    public long ToBalanceAfter { get; private set; }
    /// <summary>When points of an award lapse, if the community lets them expire.</summary>
    public DateTime? ExpiresAt { get; private set; }
    public Guid? ReversesTransferId { get; private set; }

    internal static PointsTransfer Of(TransferCommand c, string? actorUserId, DateTime now, long fromAfter, long toAfter) => new()
    {
        Id = Guid.CreateVersion7(),
        At = now,
        FromAccountId = c.FromAccountId,
        ToAccountId = c.ToAccountId,
        Amount = c.Amount,
        Source = c.Source,
        SourceRef = c.SourceRef,
        Memo = c.Memo.Length > MemoMaxLength ? c.Memo[..MemoMaxLength] : c.Memo,
        AreaPath = c.AreaPath,
        ActorUserId = actorUserId,
        FromBalanceAfter = fromAfter,
        ToBalanceAfter = toAfter,
        ExpiresAt = c.ExpiresAt,
        ReversesTransferId = c.Reverses,
    };
}

/// <summary>A transfer to make. <paramref name="AreaPath"/> is the community it belongs to.</summary>
public sealed record TransferCommand(
    Guid FromAccountId,
    Guid ToAccountId,
    long Amount,
    TransferSource Source,
    string SourceRef,
    string Memo,
    string AreaPath,
    DateTime? ExpiresAt = null,
    Guid? Reverses = null);
