using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.Worklists;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Demo;

/// <summary>The demo with its history opted in (Demo:History); every other test host leaves it off.</summary>
public sealed class HistoryApp : AppFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Demo:History"] = "true",
        ["WorkOrders:SweepEnabled"] = "false",
        ["Notifications:DeliveryEnabled"] = "false",
        ["Points:SweepEnabled"] = "false",
    };

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

public sealed class DemoHistoryTests(HistoryApp app) : IClassFixture<HistoryApp>
{
    [Fact]
    public async Task Six_months_of_orders_in_every_origin_and_in_open_and_closed_states()
    {
        var orders = await app.QueryAsync(db => db.WorkOrders.AsNoTracking().Select(o => new { o.Origin, o.Status, o.CreatedAt, o.ClosedAt, o.IsProblemOrder, o.EscalationLevel, o.Satisfaction }).ToListAsync());
        orders.Count.ShouldBeGreaterThan(1000);
        orders.Select(o => o.Origin).Distinct().Order().ShouldBe(Enum.GetValues<WorkOrderOrigin>());
        orders.Select(o => o.Status).Distinct().ShouldBeSubsetOf(Enum.GetValues<WorkOrderStatus>());
        foreach (var status in new[] { WorkOrderStatus.AwaitingDispatch, WorkOrderStatus.AwaitingAcceptance, WorkOrderStatus.InProgress, WorkOrderStatus.AwaitingCallback,
                     WorkOrderStatus.Closed, WorkOrderStatus.Cancelled, WorkOrderStatus.Merged })
        {
            orders.ShouldContain(o => o.Status == status, status.ToString());
        }

        var span = orders.Max(o => o.CreatedAt) - orders.Min(o => o.CreatedAt);
        span.TotalDays.ShouldBeGreaterThan(170);
        orders.ShouldContain(o => o.EscalationLevel > 0);
        orders.ShouldContain(o => o.IsProblemOrder);
        orders.ShouldContain(o => o.Satisfaction == Satisfaction.Unsatisfied);
        orders.Where(o => o.ClosedAt != null).ShouldAllBe(o => o.ClosedAt >= o.CreatedAt);
    }

    [Fact]
    public async Task Heating_complaints_come_in_the_heating_season_and_none_in_summer()
    {
        var heating = await app.QueryAsync(db => db.WorkOrders.AsNoTracking()
            .Join(db.WorkOrderCategories, o => o.CategoryId, c => c.Id, (o, c) => new { c.Code, o.CreatedAt }).Where(x => x.Code == "property.heating").Select(x => x.CreatedAt).ToListAsync());
        heating.ShouldNotBeEmpty();
        heating.ShouldAllBe(at => BeijingTime.Date(at).Month >= 10 || BeijingTime.Date(at).Month <= 4);
    }

    [Fact]
    public async Task Every_timeline_runs_forward_and_ends_in_the_orders_state()
    {
        var events = await app.QueryAsync(db => db.WorkOrderEvents.AsNoTracking().Select(e => new { e.WorkOrderId, e.At, e.Seq, e.ToStatus }).ToListAsync());
        var statuses = await app.QueryAsync(db => db.WorkOrders.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Status));
        var now = DateTime.UtcNow;
        foreach (var timeline in events.GroupBy(e => e.WorkOrderId))
        {
            var steps = timeline.OrderBy(e => e.Seq).ToList();
            steps.Select(e => e.At).ShouldBeInOrder(SortDirection.Ascending);
            steps[^1].ToStatus.ShouldBe(statuses[timeline.Key]);
            steps[^1].At.ShouldBeLessThan(now);
        }
    }

    [Fact]
    public async Task Points_earned_in_the_history_keep_the_books_balanced()
    {
        var transfers = await app.QueryAsync(db => db.PointsTransfers.AsNoTracking().Where(t => t.Source == TransferSource.WorkOrder || t.Source == TransferSource.ProblemReport).CountAsync());
        transfers.ShouldBeGreaterThan(0);
        using var scope = app.Services.CreateScope();
        var books = await scope.ServiceProvider.GetRequiredService<PointsLedger>().CheckBooksAsync();
        books.Sum.ShouldBe(0, "every movement is a transfer between two accounts");
        books.MismatchedAccounts.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_inbox_rows_carry_the_time_of_their_step_and_only_the_last_days_are_unread()
    {
        var rows = await app.QueryAsync(db => db.InboxMessages.AsNoTracking()
            .Join(db.WorkOrderEvents, m => m.EventId, e => e.Id, (m, e) => new { m.CreatedAt, m.ReadAt, e.At }).ToListAsync());
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.CreatedAt == r.At);
        var cutoff = DateTime.UtcNow.AddDays(-4);
        rows.Where(r => r.CreatedAt < cutoff).ShouldAllBe(r => r.ReadAt != null);
        (await app.QueryAsync(db => db.OutboxMessages.CountAsync())).ShouldBe(0, "the history's texts and webhook calls are not delivered now");
    }

    [Fact]
    public async Task The_demo_accounts_open_full_worklists()
    {
        async Task<Worklist> WorklistOfAsync(string user) => await (await app.ClientForAsync(user)).GetAppJsonAsync<Worklist>("/api/worklist");

        (await WorklistOfAsync("grid.shiqi.01")).Sections.Sum(s => s.Count).ShouldBeGreaterThan(0);
        (await WorklistOfAsync("community.shiqi")).Sections.Sum(s => s.Count).ShouldBeGreaterThan(0);
        var street = await WorklistOfAsync("street.renminlu");
        street.Sections.Single(s => s.Code == "worst_communities").Items.ShouldNotBeEmpty();

        // Red and yellow are warnings on open orders only: an order closed while yellow keeps its mark but leaves the list.
        var warned = street.Sections.Where(s => s.Code is "orders_red" or "orders_yellow").SelectMany(s => s.Items).Select(i => Guid.Parse(i.Href["/orders/".Length..])).ToList();
        warned.ShouldNotBeEmpty();
        var states = await app.QueryAsync(db => db.WorkOrders.AsNoTracking().Where(o => warned.Contains(o.Id)).Select(o => o.Status).ToListAsync());
        states.ShouldAllBe(s => s == WorkOrderStatus.AwaitingAcceptance || s == WorkOrderStatus.InProgress);
        (await WorklistOfAsync("merchant.hexi.01")).Sections.Single(s => s.Code == "bookings_open").Count.ShouldBeGreaterThan(0);
        var visits = await app.QueryAsync(db => db.CareVisits.CountAsync());
        visits.ShouldBeGreaterThan(100);
    }
}
