namespace CommunityGrid.Infrastructure;

/// <summary>
/// Rows that are records in themselves (audit entries, ledger transfers): they are only ever added,
/// and the audit interceptor refuses any edit or delete of them.
/// </summary>
public interface IAppendOnly;
