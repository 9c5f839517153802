using CommunityGrid.Infrastructure;

namespace CommunityGrid.Kernel;

/// <summary>
/// One write, as it happened: who, when, what, before and after. Append-only: the audit
/// interceptor refuses to change or delete these rows.
/// </summary>
public sealed class AuditEntry : IAreaScoped, IAppendOnly
{
    private AuditEntry() { }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string? UserId { get; private set; }
    public string? UserName { get; private set; }
    /// <summary>Added, Modified or Deleted.</summary>
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    /// <summary>Area path of the record, so admins of a scope read the entries under it ("" = city only).</summary>
    public string AreaPath { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    /// <summary>Position in the hash chain (1, 2, 3 …), set when the writing transaction commits; null for rows older than the chain.</summary>
    public long? ChainSeq { get; private set; }
    /// <summary>The <see cref="Hash"/> of the row before in the chain ("" for the first).</summary>
    public string? PrevHash { get; private set; }
    /// <summary>SHA-256 of this row's content and <see cref="PrevHash"/> (<see cref="AuditChain"/>).</summary>
    public string? Hash { get; private set; }

    internal static AuditEntry Of(DateTime at, string? userId, string? userName, string action, string entityType, string entityId, string areaPath, string? before, string? after) => new()
    {
        At = at,
        UserId = userId,
        UserName = userName,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        AreaPath = areaPath,
        Before = before,
        After = after,
    };
}

/// <summary>A read of unmasked sensitive data (ID number, phone, care tags): who, when, what.</summary>
public sealed class SensitiveRead : IAreaScoped, IAppendOnly
{
    private SensitiveRead() { }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string UserId { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public string SubjectType { get; private set; } = "";
    public string SubjectId { get; private set; } = "";
    public string Fields { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public string? RequestPath { get; private set; }

    internal static SensitiveRead Of(DateTime at, string userId, string userName, string subjectType, string subjectId, string fields, string areaPath, string? requestPath) => new()
    {
        At = at,
        UserId = userId,
        UserName = userName,
        SubjectType = subjectType,
        SubjectId = subjectId,
        Fields = fields,
        AreaPath = areaPath,
        RequestPath = requestPath,
    };
}
