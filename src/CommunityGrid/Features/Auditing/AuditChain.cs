using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Auditing;

/// <summary>Where the chain first breaks: the row named, and why.</summary>
public sealed record AuditChainBreak(long EntryId, long? ChainSeq, string Code, string Message, string MessageEn);

/// <summary>
/// The result of walking the chain: how many links were checked, the head (write its hash down
/// somewhere else to notice a rewrite of the whole tail), rows older than the chain, the first break.
/// </summary>
public sealed record AuditChainReport(bool Intact, long Checked, long? HeadSeq, string? HeadHash, long OlderThanChain, AuditChainBreak? FirstBreak);

/// <summary>
/// Tamper evidence for the audit log (docs/decisions/0015): every row carries its place in one linear
/// chain, the hash of the row before, and the SHA-256 of its own content with that hash. Links are
/// appended in one place — <see cref="AppendAsync"/>, called by <see cref="AuditInterceptor"/> when the
/// writing transaction commits — under the single-writer rule of each database: SQLite's write gate
/// (one write transaction at a time, BEGIN IMMEDIATE), PostgreSQL's transaction-scoped advisory lock.
/// The lock is taken as the last step before commit, so its holder never waits for a row another
/// writer holds: no deadlock with the app's own row locks.
/// </summary>
public static class AuditChain
{
    public const int HashLength = 64;

    /// <summary>Key of the PostgreSQL advisory lock that serialises chain appends ("CGAUDIT" in ASCII).</summary>
    public const long PostgresLockKey = 0x43474155444954;

    private const int BatchSize = 500;

    // Four parameters a row: well inside the limits of SQLite (32,766) and PostgreSQL (65,535).
    private const int LinksPerStatement = 250;

    /// <summary>
    /// Times are hashed at microsecond precision, the finest PostgreSQL stores; the interceptor cuts
    /// them to it before the row is written, so what is read back is what was hashed.
    /// </summary>
    public static DateTime ToStoredPrecision(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    /// <summary>The SHA-256 (lower-case hex) of a row's canonical content: its fields in a fixed order as a JSON array.</summary>
    public static string HashOf(long seq, string prevHash, DateTime at, string? userId, string? userName, string action, string entityType, string entityId, string areaPath, string? before, string? after)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            seq, prevHash, at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            userId, userName, action, entityType, entityId, areaPath, before, after,
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static string HashOf(long seq, string prevHash, AuditEntry e) =>
        HashOf(seq, prevHash, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId, e.AreaPath, e.Before, e.After);

    /// <summary>
    /// Links freshly inserted rows (in the order given) to the head of the chain. Runs inside the
    /// writing transaction, just before it commits.
    /// </summary>
    internal static async Task AppendAsync(DbContext db, IReadOnlyList<(long Id, AuditEntry Entry)> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        }

        var rows = db.Set<AuditEntry>();
        var head = await rows.AsNoTracking().Where(e => e.ChainSeq != null).OrderByDescending(e => e.ChainSeq)
            .Select(e => new { e.ChainSeq, e.Hash }).FirstOrDefaultAsync(ct);
        var seq = head?.ChainSeq ?? 0;
        var prev = head?.Hash ?? "";
        var links = new List<(long Id, long Seq, string Prev, string Hash)>(entries.Count);
        foreach (var (id, entry) in entries.OrderBy(e => e.Id))
        {
            seq++;
            var hash = HashOf(seq, prev, entry);
            links.Add((id, seq, prev, hash));
            prev = hash;
        }

        foreach (var chunk in links.Chunk(LinksPerStatement))
        {
            var linked = await LinkAsync(db, chunk, ct);
            if (linked != chunk.Length)
            {
                // Never commit a row the chain does not hold: the write fails instead.
                throw new InvalidOperationException($"Audit rows {chunk[0].Id}…{chunk[^1].Id} could not be linked into the hash chain ({linked} of {chunk.Length}).");
            }
        }
    }

    /// <summary>
    /// Writes the links of many rows in one statement (an UPDATE joined to a derived table of
    /// parameters — the same SQL on SQLite and PostgreSQL) instead of one round trip a row.
    /// </summary>
    private static Task<int> LinkAsync(DbContext db, (long Id, long Seq, string Prev, string Hash)[] links, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEntry))!;
        var table = entity.GetTableName()!;
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
        string Column(string property) => entity.FindProperty(property)!.GetColumnName(store)!;
        var rows = new StringBuilder();
        var parameters = new List<object>(links.Length * 4);
        foreach (var link in links)
        {
            var at = parameters.Count;
            rows.Append(at == 0 ? "SELECT " : " UNION ALL SELECT ")
                .Append(CultureInfo.InvariantCulture, $"{{{at}}} AS link_id, {{{at + 1}}} AS link_seq, {{{at + 2}}} AS link_prev, {{{at + 3}}} AS link_hash");
            parameters.AddRange([link.Id, link.Seq, link.Prev, link.Hash]);
        }

        var (id, chainSeq, prevHash, hash) = (Column(nameof(AuditEntry.Id)), Column(nameof(AuditEntry.ChainSeq)), Column(nameof(AuditEntry.PrevHash)), Column(nameof(AuditEntry.Hash)));
        var update = $"UPDATE \"{table}\" SET \"{chainSeq}\" = v.link_seq, \"{prevHash}\" = v.link_prev, \"{hash}\" = v.link_hash " +
            $"FROM ({rows}) AS v WHERE \"{table}\".\"{id}\" = v.link_id";
        return db.Database.ExecuteSqlRawAsync(update, parameters, ct);
    }

    /// <summary>
    /// Walks the chain from its first link and reports the first row that does not fit: content
    /// changed after it was written, a link missing (a row deleted), a row out of the chain.
    /// </summary>
    public static async Task<AuditChainReport> VerifyAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entries = db.AuditEntries.AsNoTracking();
        var firstChainedId = await entries.Where(e => e.ChainSeq != null).MinAsync(e => (long?)e.Id, ct);
        var older = firstChainedId is { } first
            ? await entries.LongCountAsync(e => e.ChainSeq == null && e.Id < first, ct)
            : await entries.LongCountAsync(ct);

        long expected = 1, checkedCount = 0;
        var prev = "";
        while (true)
        {
            var from = expected;
            var batch = await entries.Where(e => e.ChainSeq != null && e.ChainSeq >= from).OrderBy(e => e.ChainSeq).Take(BatchSize).ToListAsync(ct);
            foreach (var row in batch)
            {
                var problem = Check(row, expected, prev);
                if (problem is not null)
                {
                    return new AuditChainReport(false, checkedCount, HeadSeq(checkedCount), HeadHash(prev), older, problem);
                }

                prev = row.Hash!;
                expected++;
                checkedCount++;
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        // A row written around the chain (by hand, with SQL) after the chain began.
        if (firstChainedId is not null
            && await entries.Where(e => e.ChainSeq == null && e.Id > firstChainedId).OrderBy(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct) is { } outsider)
        {
            return new AuditChainReport(false, checkedCount, HeadSeq(checkedCount), HeadHash(prev), older,
                new AuditChainBreak(outsider, null, "audit_row_outside_chain", $"审计记录 {outsider} 不在哈希链上（链外写入）", $"Audit row {outsider} is not in the hash chain (written around it)."));
        }

        return new AuditChainReport(true, checkedCount, HeadSeq(checkedCount), HeadHash(prev), older, null);
    }

    private static long? HeadSeq(long checkedCount) => checkedCount == 0 ? null : checkedCount;

    private static string? HeadHash(string prev) => prev.Length == 0 ? null : prev;

    private static AuditChainBreak? Check(AuditEntry row, long expected, string prev)
    {
        if (row.ChainSeq != expected)
        {
            return new AuditChainBreak(row.Id, row.ChainSeq, "audit_link_missing",
                $"哈希链第 {expected} 环缺失：审计记录 {row.Id}（第 {row.ChainSeq} 环）之前的记录已被删除",
                $"Link {expected} of the hash chain is missing: the row before audit row {row.Id} (link {row.ChainSeq}) was deleted.");
        }

        if (!string.Equals(row.PrevHash, prev, StringComparison.Ordinal))
        {
            return new AuditChainBreak(row.Id, row.ChainSeq, "audit_link_broken",
                $"审计记录 {row.Id}（第 {row.ChainSeq} 环）与前一条记录的哈希不符：前一条记录被改写或删除",
                $"Audit row {row.Id} (link {row.ChainSeq}) does not match the hash of the row before it: that row was rewritten or deleted.");
        }

        return string.Equals(row.Hash, HashOf(expected, prev, row), StringComparison.Ordinal)
            ? null
            : new AuditChainBreak(row.Id, row.ChainSeq, "audit_row_altered",
                $"审计记录 {row.Id}（第 {row.ChainSeq} 环）的内容在写入后被修改",
                $"Audit row {row.Id} (link {row.ChainSeq}) was changed after it was written.");
    }
}
