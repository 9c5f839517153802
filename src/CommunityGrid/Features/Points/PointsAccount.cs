using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Points;

/// <summary>Who holds an account. A community pool issues points, so it alone may go below zero.</summary>
public enum AccountKind
{
    Person = 1,
    Team = 2,
    Merchant = 3,
    CommunityPool = 4,
    /// <summary>A community's holding account: points of issued, not yet used codes (docs/decisions/0011). Never below zero.</summary>
    Escrow = 5,
}

/// <summary>
/// One account of the double-entry points ledger. Its balance changes only inside a transfer
/// (<see cref="PointsLedger"/>), by a guarded update in the database, never by assignment here.
/// </summary>
public sealed class PointsAccount : IAreaScoped
{
    public const int NameMaxLength = 100;

    private PointsAccount() { }

    public Guid Id { get; private set; }
    public AccountKind Kind { get; private set; }
    /// <summary>The person, team, merchant organisation or community area the account belongs to.</summary>
    public Guid OwnerId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>Where the owner lives or works: community admins see the accounts under their area.</summary>
    public string AreaPath { get; private set; } = "";
    public long Balance { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public bool MayGoNegative => Kind == AccountKind.CommunityPool;

    internal static PointsAccount Open(AccountKind kind, Guid ownerId, string name, string areaPath, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        OwnerId = ownerId,
        Name = name.Length > NameMaxLength ? name[..NameMaxLength] : name,
        AreaPath = areaPath,
        CreatedAt = now,
    };
}
