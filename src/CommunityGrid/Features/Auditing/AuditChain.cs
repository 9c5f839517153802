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
        foreach (var (id, entry) in entries.OrderBy(e => e.Id))
        {
            seq++;
            var hash = HashOf(seq, prev, entry);
            var (linkSeq, linkPrev) = (seq, prev);
            var linked = await rows.Where(e => e.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ChainSeq, linkSeq).SetProperty(e => e.PrevHash, linkPrev).SetProperty(e => e.Hash, hash), ct);
            if (linked != 1)
            {
                // Never commit a row the chain does not hold: the write fails instead.
                throw new InvalidOperationException($"Audit row {id} could not be linked into the hash chain.");
            }
            prev = hash;
        }
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
