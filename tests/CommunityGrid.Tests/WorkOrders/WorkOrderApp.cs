using System.Text.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>
/// The app on a fake clock (Tuesday 2026-12-01 09:00 Beijing) with the background loops off: tests
/// move time and run the sweep themselves (<see cref="WorkOrderSteps"/>).
/// </summary>
public class WorkOrderApp : AppFactory
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    public WorkOrderApp() => WithClock(Start).WithoutSweeps();
}

public static class Orders
{
    public static string Status(this JsonElement order) => order.GetProperty("status").GetString()!;

    public static IEnumerable<string> Kinds(this JsonElement order) =>
        order.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!);
}
