using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes;

/// <summary>
/// One community's 民生微实事 money for one year (in whole yuan). A project screened in commits its estimate
/// here; a project the council does not approve gives it back. <see cref="Version"/> is a concurrency token: of
/// two screenings at once that would together pass the cap, one is refused — no yuan is committed twice.
/// </summary>
public sealed class MicroProjectBudget : IAreaScoped
{
    public const long MaxCapYuan = 100_000_000;

    private MicroProjectBudget() { }

    public Guid Id { get; private set; }
    public string AreaPath { get; private set; } = "";
    public int Year { get; private set; }
    public long CapYuan { get; private set; }
    public long CommittedYuan { get; private set; }
    public int Version { get; private set; }

    public long LeftYuan => CapYuan - CommittedYuan;

    public static MicroProjectBudget For(string communityPath, int year, long capYuan)
    {
        var budget = new MicroProjectBudget { Id = Guid.CreateVersion7(), AreaPath = communityPath, Year = year };
        budget.SetCap(capYuan);
        return budget;
    }

    public void SetCap(long capYuan)
    {
        if (capYuan is < 0 or > MaxCapYuan)
        {
            throw new InvalidInputException("cap_out_of_range", $"年度预算应为 0–{MaxCapYuan} 元", $"The yearly cap is 0–{MaxCapYuan} yuan.");
        }

        if (capYuan < CommittedYuan)
        {
            throw new DomainRuleException("cap_below_committed", $"已占用 {CommittedYuan} 元，预算不能低于已占用金额", $"{CommittedYuan} yuan are committed; the cap cannot go below that.");
        }

        CapYuan = capYuan;
        Version++;
    }

    /// <summary>Commits a screened-in project's estimate, or refuses when it would pass the year's cap.</summary>
    public void Commit(long costYuan)
    {
        if (CommittedYuan + costYuan > CapYuan)
        {
            throw BudgetCapExceeded(LeftYuan, costYuan);
        }

        CommittedYuan += costYuan;
        Version++;
    }

    public void Release(long costYuan)
    {
        CommittedYuan = Math.Max(0, CommittedYuan - costYuan);
        Version++;
    }

    public static DomainRuleException BudgetCapExceeded(long leftYuan, long costYuan) =>
        new("budget_cap_exceeded", $"超出本年度民生微实事预算：剩余 {leftYuan} 元，本项目需 {costYuan} 元", $"Over the year's budget cap: {leftYuan} yuan left, the project needs {costYuan}.", RuleKind.Unprocessable);
}
