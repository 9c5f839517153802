using System.Globalization;
using System.Text.RegularExpressions;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// About six months of the closed loop for the demo city (docs/decisions/0022): work orders of every origin and
/// state, played step by step through the order's own methods — intake, dispatch, acceptance, returns, extensions,
/// the escalation clock, verification, callbacks and ratings, merges and cancellations — by the demo's own accounts,
/// at the times they would have happened. Service orders done well and riders' verified reports earn points
/// through the ledger. Deterministic (a fixed seed); the steps of an order stop at the seeding clock, so the
/// newest orders are still open, some of them overdue. Seeded when <c>Demo:History</c> is on and the database
/// has no history yet; the test host leaves it off so the tests that count the demo keep their numbers.
/// </summary>
internal sealed partial class DemoHistory(AppDbContext db, TimeProvider clock, WorkCalendar calendar, EscalationOptions escalation, ILogger logger)
{
    public const int Days = 182;
    private const int Seed = 20260601;
    private const int BatchDays = 14;

    private readonly Random rng = new(Seed);
    private readonly HistoryClock historyClock = new();
    private DateTime now;
    private int number;

    public static async Task SeedIfWantedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        if (!configuration.GetValue("Demo:History", false))
        {
            return;
        }

        var db = services.GetRequiredService<AppDbContext>();
        // Seeded once: an order older than the other demos' (the governance demo files its meeting decisions up
        // to a month back) means the history is there already.
        var before = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-60);
        if (!await db.Areas.AnyAsync(ct) || await db.WorkOrders.AnyAsync(o => o.CreatedAt < before, ct))
        {
            return;
        }

        var history = new DemoHistory(db, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<WorkCalendar>(),
            services.GetRequiredService<IOptions<EscalationOptions>>().Value, services.GetRequiredService<ILoggerFactory>().CreateLogger<DemoHistory>());
        await history.SeedAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        now = clock.GetUtcNow().UtcDateTime;
        var city = await HistoryCity.LoadAsync(db, ct);
        var first = BeijingTime.Date(now).AddDays(-Days);
        var orders = 0;
        for (var from = first; from <= BeijingTime.Date(now); from = from.AddDays(BatchDays))
        {
            var batch = new List<WorkOrder>();
            for (var day = from; day < from.AddDays(BatchDays) && day <= BeijingTime.Date(now); day = day.AddDays(1))
            {
                foreach (var grid in city.Grids)
                {
                    var count = Poisson(grid.Activity * DailyRate(day));
                    for (var i = 0; i < count; i++)
                    {
                        if (File(city, grid, day, batch) is { } order)
                        {
                            batch.Add(order);
                        }
                    }
                }
            }

            db.AddRange(batch);
            await db.SaveInTransactionAsync(ct);
            db.ChangeTracker.Clear();
            await RewardAsync(batch, ct);
            orders += batch.Count;
        }

        await SettleInboxAsync(ct);
        var visits = await new HistoryVisits(db, rng, now).SeedAsync(ct);
        var wishes = await new HistoryWishes(db, rng, now).SeedAsync(city, ct);
        var bookings = await new HistoryBookings(db, rng, now).SeedAsync(ct);
        logger.LogInformation("Demo history seeded: {Orders} work orders, {Visits} care visits, {Wishes} wishes, {Bookings} merchant bookings over {Days} days in {Elapsed} ms", orders, visits, wishes, bookings, Days,
            (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Orders a grid files on an average day of the month: more in summer (green spaces, noise, rain) and in the heating season.</summary>
    private static double DailyRate(DateOnly day) => day.Month switch
    {
        6 or 7 or 8 => 0.30,
        11 or 12 or 1 => 0.28,
        _ => 0.22,
    } * (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.7 : 1.0);

    private int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = rng.NextDouble();
        while (p > limit)
        {
            k++;
            p *= rng.NextDouble();
        }

        return k;
    }

    // ---- one order ---------------------------------------------------------------------------

    private WorkOrder? File(HistoryCity city, HistoryGrid grid, DateOnly day, List<WorkOrder> batch)
    {
        var at = BeijingTime.ToUtc(day, TimeSpan.FromMinutes(rng.Next(7 * 60, 21 * 60)));
        if (at >= now)
        {
            return null;
        }

        var origin = Origin(grid);
        var category = city.Categories[Topic(origin, day)];
        var topic = HistoryTopics.Of(category.Code);
        var house = grid.Houses[rng.Next(grid.Houses.Count)];
        var requester = grid.Residents.Count == 0 ? null : grid.Residents[rng.Next(grid.Residents.Count)];
        var staff = grid.Staff[rng.Next(grid.Staff.Count)];
        Actor reporter = staff;
        var reporterIsRequester = false;
        Guid? requesterPerson = requester?.Id;
        string? requesterName = requester?.Name, requesterPhone = requester?.Phone;
        string? ticket = null;
        switch (origin)
        {
            case WorkOrderOrigin.Resident when grid.ResidentAccounts.Count > 0:
                var account = grid.ResidentAccounts[rng.Next(grid.ResidentAccounts.Count)];
                reporter = account.Actor;
                reporterIsRequester = true;
                requesterPerson = account.Actor.PersonId;
                requesterName = account.Actor.Name;
                requesterPhone = account.Phone;
                house = grid.Houses.FirstOrDefault(h => h.Id == account.HouseId) ?? house;
                break;
            case WorkOrderOrigin.Resident:
                origin = WorkOrderOrigin.Staff;
                break;
            case WorkOrderOrigin.Rider:
                reporter = city.Rider!.Actor;
                reporterIsRequester = true;
                requesterPerson = city.Rider.Actor.PersonId;
                requesterName = city.Rider.Actor.Name;
                requesterPhone = city.Rider.Phone;
                break;
            case WorkOrderOrigin.Hotline:
                ticket = $"12345-{BeijingTime.WallClock(at):yyMMdd}{rng.Next(10_000, 99_999)}";
                break;
            case WorkOrderOrigin.Open311:
                reporter = city.Open311;
                break;
            case WorkOrderOrigin.Patrol:
                requesterPerson = null;
                requesterName = null;
                requesterPhone = null;
                break;
        }

        var (estateId, managerId) = category.RoutesTo == RouteTarget.Property && grid.Estates.TryGetValue(house.BuildingCode, out var estate)
            ? (estate.EstateId, estate.ManagerId) : ((Guid?)null, (Guid?)null);
        var (lat, lng) = grid.PointInside(rng);
        var title = topic.Titles[rng.Next(topic.Titles.Length)];
        var order = WorkOrder.Register(new Intake(
            Number(at), category, title, $"{house.Address}：{title}。{topic.Details[rng.Next(topic.Details.Length)]}", origin, ticket,
            lat, lng, house.Id, house.Address, grid.Id, grid.Path, grid.DistrictCode, estateId, managerId,
            reporter, reporterIsRequester, requesterPerson, requesterName, requesterPhone), at);
        var start = at;
        if (order.Origin != WorkOrderOrigin.Patrol && requester is not null && rng.Next(100) < 3)
        {
            // Someone else reports the same thing soon after; the grid merges the duplicate before acting on the original.
            var other = grid.Residents[rng.Next(grid.Residents.Count)];
            var reportedAt = at.AddMinutes(10 + rng.Next(80));
            var mergedAt = WorkingHours(reportedAt.AddMinutes(15 + rng.Next(60)));
            if (mergedAt < now)
            {
                var duplicate = WorkOrder.Register(new Intake(
                    Number(reportedAt), category, title, $"{house.Address}：{title}。邻居也反映了同样的问题。", WorkOrderOrigin.Hotline, $"12345-{BeijingTime.WallClock(reportedAt):yyMMdd}{rng.Next(10_000, 99_999)}",
                    lat, lng, house.Id, house.Address, grid.Id, grid.Path, grid.DistrictCode, estateId, managerId,
                    staff, false, other.Id, other.Name, other.Phone), reportedAt);
                if (duplicate.MergeInto(staff, order, mergedAt) is { } follower)
                {
                    db.Add(follower);
                }

                batch.Add(duplicate);
                start = mergedAt;
            }
        }

        Play(city, grid, order, category, staff, start);
        Tick(order, now);
        return order;
    }

    private WorkOrderOrigin Origin(HistoryGrid grid)
    {
        var roll = rng.Next(100);
        return roll switch
        {
            < 30 => WorkOrderOrigin.Resident,
            < 55 => WorkOrderOrigin.Patrol,
            < 80 => WorkOrderOrigin.Hotline,
            < 86 => WorkOrderOrigin.Open311,
            < 96 when grid.HasRider => WorkOrderOrigin.Rider,
            _ => WorkOrderOrigin.Staff,
        };
    }

    /// <summary>The category of a report: weights by origin and season (Hohhot heats from 15 October to 15 April).</summary>
    private string Topic(WorkOrderOrigin origin, DateOnly day)
    {
        var summer = day.Month is >= 6 and <= 8;
        var heating = day.Month is >= 10 or <= 4;
        var weights = origin switch
        {
            WorkOrderOrigin.Patrol or WorkOrderOrigin.Rider => new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["city.garbage"] = summer ? 22 : 14, ["city.parking"] = 16, ["city.road"] = 10, ["city.greenery"] = summer ? 12 : 3,
                ["property.corridor"] = 14, ["property.wires"] = 9, ["safety.fire"] = 10, ["property.lighting"] = 6,
            },
            _ => new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["property.drain"] = 10, ["property.leak"] = summer ? 10 : 4, ["property.heating"] = heating ? (day.Month is 11 or 12 ? 18 : 9) : 0,
                ["property.elevator"] = 5, ["property.lighting"] = 5, ["property.corridor"] = 4, ["city.garbage"] = summer ? 9 : 5,
                ["city.parking"] = 7, ["dispute.noise"] = summer ? 10 : 5, ["dispute.neighbour"] = 4, ["safety.fraud"] = 2,
                ["service.shopping"] = 3, ["service.escort"] = 3, ["service.repair"] = 4, ["service.visit"] = 2,
                ["consult.policy"] = 4, ["consult.social"] = day.Month is 11 or 12 ? 8 : 3, ["city.road"] = 3,
            },
        };
        var roll = rng.Next(weights.Values.Sum());
        foreach (var (code, weight) in weights)
        {
            if (roll < weight)
            {
                return code;
            }

            roll -= weight;
        }

        return weights.Keys.Last();
    }

    private string Number(DateTime at) =>
        $"GD{BeijingTime.WallClock(at):yyyyMMdd}-{(uint)HashCode.Combine(Seed, ++number):X8}";

    /// <summary>The order's life, each step at its own time, stopping at the seeding clock.</summary>
    private void Play(HistoryCity city, HistoryGrid grid, WorkOrder order, WorkOrderCategory category, Actor staff, DateTime at)
    {
        var t = at;
        bool Next(double minHours, double maxHours)
        {
            t = WorkingHours(t.AddHours(minHours + (rng.NextDouble() * (maxHours - minHours))));
            return t < now;
        }

        if (category.IsConsultation && rng.Next(100) < 60)
        {
            if (Next(0.3, 4))
            {
                order.Resolve(staff, "已电话答复政策口径，并告知办理窗口和所需材料。", null, t);
                Callback(city, grid, order, ref t);
            }

            return;
        }

        var requesterAccount = city.AccountOf(order.RequesterUserId);
        if (requesterAccount is not null && rng.Next(100) < 4)
        {
            if (Next(0.1, 1.5))
            {
                order.Cancel(requesterAccount.Actor, "问题已自行解决，撤销诉求", t);
            }

            return;
        }

        // The newest orders are the work of today: some wait for dispatch, some for acceptance.
        var age = now - at;
        var waitsForDispatch = age < TimeSpan.FromDays(2) && rng.Next(100) < 35;
        var waitsForAcceptance = age < TimeSpan.FromDays(4) && rng.Next(100) < 35;
        var returns = rng.Next(1000) switch { < 6 => 3, < 60 => 1, _ => 0 };
        for (var round = 0; ; round++)
        {
            if (waitsForDispatch || !Next(0.2, 3))
            {
                return;
            }

            var (assignee, handler) = Assign(city, grid, order, category);
            order.Dispatch(staff, assignee, category.AcceptLimit, category.ResolveLimit, calendar, t, round > 0 ? "重新派单" : null);
            if (waitsForAcceptance)
            {
                return;
            }

            var lateAccept = rng.Next(100) < 5;
            if (!Step(order, ref t, lateAccept ? 1.1 : 0.05, lateAccept ? 1.8 : 0.7, order.AcceptDeadline!.Value))
            {
                return;
            }

            // Only a named assignee hands an order back; pool members simply leave it to someone else.
            if (round < returns && assignee.Kind != AssigneeKind.Pool)
            {
                order.Return(handler, round % 2 == 0 ? "不属于本单位职责范围，请重新派单" : "现场核实需其他部门配合，申请改派", t);
                continue;
            }

            order.Accept(handler, t);
            break;
        }

        Handle(city, grid, order, category, staff, ref t);
    }

    private void Handle(HistoryCity city, HistoryGrid grid, WorkOrder order, WorkOrderCategory category, Actor staff, ref DateTime t)
    {
        var handler = city.Handler(order.HandlerUserId!);
        var topic = HistoryTopics.Of(category.Code);
        for (var redo = 0; redo < 4; redo++)
        {
            var deadline = order.ResolveDeadline!.Value;
            var roll = rng.Next(100);
            if (roll < 4 && redo == 0)
            {
                // More time asked and granted by the level above.
                var ask = t.AddHours(0.5 + (rng.NextDouble() * 2));
                if (ask >= now || ask >= deadline)
                {
                    return;
                }

                Tick(order, ask);
                t = ask;
                order.RequestExtension(handler, calendar.Deadline(deadline, new TimeLimit(3, TimeLimitUnit.WorkingDays)), "需等待配件到货，申请延期三个工作日", t);
                if (!Advance(ref t, 2, 20))
                {
                    return;
                }

                order.DecideExtension(grid.Supervisor, true, "同意延期，请按期办结", t);
                deadline = order.ResolveDeadline!.Value;
            }

            var late = redo == 0 && roll is >= 4 and < 11;
            if (late && rng.Next(3) == 0)
            {
                // A street head presses an order that went red.
                var pressed = (deadline > t ? deadline : t).AddHours(2 + rng.Next(6));
                if (pressed >= now)
                {
                    Tick(order, now);
                    return;
                }

                Tick(order, pressed);
                order.Supervise(grid.StreetSupervisor, "已超时，请立即办理并反馈结果", null, pressed);
                t = pressed;
            }

            if (!Step(order, ref t, late ? 1.05 : 0.1, late ? 1.6 : 0.6, deadline))
            {
                return;
            }

            order.Resolve(handler, topic.Done[rng.Next(topic.Done.Length)], null, t);
            if (!Advance(ref t, 0.5, 20))
            {
                return;
            }

            if (rng.Next(100) < 5 && redo == 0)
            {
                order.RejectVerification(staff, "现场复核仍未处理到位，请继续办理", t);
                if (!Advance(ref t, 2, 24))
                {
                    return;
                }

                order.Resolve(handler, "已按核查意见重新处理到位。", null, t);
                if (!Advance(ref t, 0.5, 8))
                {
                    return;
                }
            }

            order.Verify(staff, "现场核查属实，已处理完毕。", t);
            if (!Callback(city, grid, order, ref t) || order.Status != WorkOrderStatus.InProgress)
            {
                return;
            }
        }
    }

    /// <summary>评单: the requester rates (or the grid worker calls them back); no answer for the window closes it.</summary>
    private bool Callback(HistoryCity city, HistoryGrid grid, WorkOrder order, ref DateTime t)
    {
        if (order.Status != WorkOrderStatus.AwaitingCallback)
        {
            return true;
        }

        if (rng.Next(100) < 20)
        {
            var lapse = t.AddDays(escalation.CallbackDays);
            if (lapse < now)
            {
                order.CloseWithoutCallback(lapse);
                t = lapse;
            }

            return false;
        }

        if (!Advance(ref t, 1, 72))
        {
            return false;
        }

        var rater = city.AccountOf(order.RequesterUserId)?.Actor ?? grid.Staff[0];
        var roll = rng.Next(100);
        var (resolved, satisfaction, comment) = order.RedoCount > 0 || roll < 78 ? (true, Satisfaction.Satisfied, Praise[rng.Next(Praise.Length)])
            : roll < 93 ? (true, Satisfaction.BasicallySatisfied, "处理了，就是时间有点长")
            : (false, Satisfaction.Unsatisfied, "问题没有根本解决，过两天又出现了");
        order.Callback(rater, resolved, satisfaction, comment, t);
        return true;
    }

    private static readonly string[] Praise = ["处理很及时，感谢网格员", "师傅很耐心，非常满意", "问题解决了，谢谢社区", "响应快，态度好", ""];

    private (Assignee Assignee, Actor Handler) Assign(HistoryCity city, HistoryGrid grid, WorkOrder order, WorkOrderCategory category)
    {
        if (order.PropertyOrganisationId is { } org && city.OrganisationStaff.TryGetValue(org, out var orgStaff))
        {
            return (new Assignee(AssigneeKind.Organisation, null, org, orgStaff.OrganisationName), orgStaff.Actor);
        }

        if (category.IsServiceOrder && grid.PoolMembers.Count > 0)
        {
            return (new Assignee(AssigneeKind.Pool, null, null, "接单大厅"), grid.PoolMembers[rng.Next(grid.PoolMembers.Count)]);
        }

        var worker = grid.Staff[rng.Next(grid.Staff.Count)];
        return (new Assignee(AssigneeKind.User, worker.UserId, null, worker.Name), worker);
    }

    /// <summary>Moves to a point of the phase's limit (a fraction of it from the phase start), ticking the clock on the way.</summary>
    private bool Step(WorkOrder order, ref DateTime t, double from, double to, DateTime deadline)
    {
        var span = Math.Max(0.25, (deadline - t).TotalHours);
        var next = t.AddHours(span * (from + (rng.NextDouble() * (to - from))));
        if (next >= now)
        {
            return false;
        }

        Tick(order, next);
        t = next;
        return true;
    }

    private bool Advance(ref DateTime t, double minHours, double maxHours)
    {
        t = WorkingHours(t.AddHours(minHours + (rng.NextDouble() * (maxHours - minHours))));
        return t < now;
    }

    /// <summary>People act between 08:00 and 20:00 Beijing time: a later step waits for the next morning.</summary>
    private static DateTime WorkingHours(DateTime utc)
    {
        var local = BeijingTime.TimeOfDay(utc);
        if (local.Hour >= 20)
        {
            return BeijingTime.ToUtc(BeijingTime.Date(utc).AddDays(1), TimeSpan.FromHours(8) + TimeSpan.FromMinutes(local.Minute));
        }

        return local.Hour < 8 ? BeijingTime.ToUtc(BeijingTime.Date(utc), TimeSpan.FromHours(8) + TimeSpan.FromMinutes(local.Minute)) : utc;
    }

    /// <summary>The escalation sweep as it would have run: at 75 % of the limit, at the deadline, then every interval, up to <paramref name="until"/>.</summary>
    private void Tick(WorkOrder order, DateTime until)
    {
        var chain = order.RoutedTo == RouteTarget.Property ? EscalationSweep.PropertyChain : EscalationSweep.GridChain;
        var (start, deadline) = order.Status switch
        {
            WorkOrderStatus.AwaitingAcceptance => (order.DispatchedAt, order.AcceptDeadline),
            WorkOrderStatus.InProgress => (order.AcceptedAt ?? order.DispatchedAt, order.ResolveDeadline),
            _ => (null, null),
        };
        if (start is not { } s || deadline is not { } d)
        {
            return;
        }

        var moments = new List<DateTime> { s + ((d - s) * 0.75) };
        for (var level = 0; level <= chain.Length; level++)
        {
            moments.Add(d + (level * escalation.EscalationInterval));
        }

        // Never before the order's last step: the clock only moves forward.
        var last = order.LastEvent?.At ?? s;
        foreach (var moment in moments.Where(m => m <= until && m >= s && m >= last))
        {
            order.Tick(moment, escalation.EscalationInterval, chain.Length, level => chain[level - 1]);
        }
    }

    // ---- points and inbox --------------------------------------------------------------------

    /// <summary>Points the orders earned, paid through the ledger at the time they were earned.</summary>
    private async Task RewardAsync(List<WorkOrder> orders, CancellationToken ct)
    {
        var ledger = new PointsLedger(db, historyClock, new HttpContextAccessor());
        foreach (var order in orders.Where(o => o.EarnsHandlerPoints || o.EarnsReporterPoints))
        {
            var policy = await ledger.PolicyAsync(order.AreaPath, ct);
            if (order.EarnsHandlerPoints && await db.Users.AsNoTracking().Where(u => u.Id == order.HandlerUserId).Select(u => u.PersonId).SingleOrDefaultAsync(ct) is { } handler)
            {
                historyClock.At = order.ClosedAt!.Value;
                var account = await ledger.PersonAccountAsync(handler, ct);
                await ledger.AwardAsync(new Award(TransferSource.WorkOrder, order.Id.ToString(), order.AreaPath, account.Id, policy.WorkOrderAward, $"服务工单 {order.Number} 获好评"), ct);
            }

            if (order.EarnsReporterPoints)
            {
                historyClock.At = order.ResolvedAt!.Value;
                var account = await ledger.PersonAccountAsync(order.RequesterPersonId!.Value, ct);
                await ledger.AwardAsync(new Award(TransferSource.ProblemReport, order.Id.ToString(), order.AreaPath, account.Id, policy.ProblemReportAward, $"随手拍 {order.Number} 经核实"), ct);
            }
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The inbox rows the steps wrote carry the time of their step, and what is older than three days has been read.
    /// The history happened before the demo went live: none of its texts or webhook calls is delivered now.
    /// </summary>
    private async Task SettleInboxAsync(CancellationToken ct)
    {
        var readBefore = now.AddDays(-3);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.InboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, m => db.WorkOrderEvents.Where(e => e.Id == m.EventId).Select(e => e.At).FirstOrDefault()), ct);
        await db.InboxMessages.Where(m => m.CreatedAt < readBefore).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, m => m.CreatedAt), ct);
        await db.Set<OutboxMessage>().ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    private sealed class HistoryClock : TimeProvider
    {
        public DateTime At { get; set; }

        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(At, DateTimeKind.Utc));
    }

    [GeneratedRegex(@"-?\d+\.\d+")]
    internal static partial Regex Coordinate();
}
