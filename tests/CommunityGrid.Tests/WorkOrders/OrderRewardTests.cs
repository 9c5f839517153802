using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>Orders earn points through the ledger: a well-rated pool order its handler, a verified rider report its rider.</summary>
public sealed class OrderRewardTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        var check = await WithDbAsync((ledger, _) => ledger.CheckBooksAsync());
        check.Balanced.ShouldBeTrue($"sum {check.Sum}, mismatched {check.MismatchedAccounts.Count}");
    }

    private async Task<T> WithDbAsync<T>(Func<PointsLedger, AppDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PointsLedger>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<List<PointsTransfer>> TransfersForAsync(Guid orderId) =>
        WithDbAsync((_, db) => db.PointsTransfers.AsNoTracking().Where(t => t.SourceRef == orderId.ToString()).ToListAsync());

    private Task<long> BalanceOfAsync(string userName) => WithDbAsync(async (ledger, db) =>
    {
        var personId = await db.Users.Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync();
        return (await ledger.PersonAccountAsync(personId!.Value)).Balance;
    });

    private async Task<Guid> DoneErrandAsync(string title)
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "service.shopping", title });
        await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "dispatch", new { toPool = true });
        await app.ActAsync(DemoUsers.PartyMemberShiqi2, id, "accept");
        await app.ActAsync(DemoUsers.PartyMemberShiqi2, id, "resolve", new { note = "已办好" });
        await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "verify", new { });
        return id;
    }

    [Fact]
    public async Task A_pool_order_rated_satisfied_earns_its_handler_the_communitys_order_award_once()
    {
        var before = await BalanceOfAsync(DemoUsers.PartyMemberShiqi2);
        var id = await DoneErrandAsync("帮忙代购老花镜");
        (await TransfersForAsync(id)).ShouldBeEmpty();

        var closed = await app.ActAsync(DemoUsers.ResidentShiqi1, id, "callback", new { resolved = true, satisfaction = "Satisfied", comment = "很及时" });

        closed.Status().ShouldBe("Closed");
        var transfers = await TransfersForAsync(id);
        transfers.Count.ShouldBe(1);
        transfers[0].Source.ShouldBe(TransferSource.WorkOrder);
        transfers[0].Amount.ShouldBe(20); // the default order award
        (await BalanceOfAsync(DemoUsers.PartyMemberShiqi2)).ShouldBe(before + 20);
    }

    [Fact]
    public async Task An_unsatisfied_rating_earns_nothing_and_the_order_is_redone()
    {
        var id = await DoneErrandAsync("帮忙代购血压计");

        var redo = await app.ActAsync(DemoUsers.ResidentShiqi1, id, "callback", new { resolved = false, satisfaction = "Unsatisfied", comment = "买错了" });

        redo.Status().ShouldBe("InProgress");
        (await TransfersForAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_property_company_order_earns_no_points()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, new { categoryCode = "property.drain", title = "9号楼下水堵塞" });
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已疏通" });
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { });
        await app.ActAsync(DemoUsers.ResidentSanshundian1, id, "callback", new { resolved = true, satisfaction = "Satisfied" });

        (await TransfersForAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rider_report_verified_by_the_grid_earns_the_rider_points_once()
    {
        var before = await BalanceOfAsync(DemoUsers.RiderLicheng1);
        var id = await app.ReportAsync(DemoUsers.RiderLicheng1, new { categoryCode = "city.garbage", title = "路口垃圾堆积" });
        var order = await app.GetAsync(DemoUsers.RiderLicheng1, id);
        order.GetProperty("origin").GetString().ShouldBe("Rider");
        var chief = "gridchief." + order.GetProperty("gridCode").GetString();
        await app.ActAsync(chief, id, "dispatch", new { assigneeUserName = chief });
        await app.ActAsync(chief, id, "accept");
        await app.ActAsync(chief, id, "resolve", new { note = "已清运" });
        (await TransfersForAsync(id)).ShouldBeEmpty();

        await app.ActAsync(chief, id, "verify", new { });

        var transfers = await TransfersForAsync(id);
        transfers.Count.ShouldBe(1);
        transfers[0].Source.ShouldBe(TransferSource.ProblemReport);
        (await BalanceOfAsync(DemoUsers.RiderLicheng1)).ShouldBe(before + 5);
        await app.ActAsync(DemoUsers.RiderLicheng1, id, "callback", new { resolved = true, satisfaction = "Satisfied" });
        (await TransfersForAsync(id)).Count.ShouldBe(1);
    }
}
