using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Data;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>
/// The work-order app with every SQL command counted, per request: a request carrying
/// <see cref="CountHeader"/> collects the commands run on its behalf (an async-local flag, so
/// background work and the logins before it are not counted).
/// </summary>
public sealed class QueryCountingApp : WorkOrderApp
{
    public const string CountHeader = "X-Count-Sql";

    private static readonly AsyncLocal<ConcurrentQueue<string>?> Current = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            var counter = new CommandCounter();
            s.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(counter));
            s.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(counter));
            s.AddTransient<IStartupFilter, CountingFilter>();
        });
    }

    /// <summary>Sends the request and answers its response with the SQL commands it ran.</summary>
    public static async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> CountAsync(HttpClient client, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.NewGuid().ToString("N");
        request.Headers.Add(CountHeader, id);
        var response = await client.SendAsync(request);
        return (response, Collected.TryRemove(id, out var commands) ? [.. commands] : []);
    }

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Collected = new();

    private sealed class CountingFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate inner) =>
            {
                if (context.Request.Headers[CountHeader].ToString() is { Length: > 0 } id)
                {
                    var commands = Collected.GetOrAdd(id, _ => new ConcurrentQueue<string>());
                    Current.Value = commands;
                }

                await inner(context);
            });
            next(app);
        };
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private static void Count(DbCommand command) => Current.Value?.Enqueue(command.CommandText);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(command);
            return base.NonQueryExecuting(command, eventData, result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(command);
            return base.ScalarExecuting(command, eventData, result);
        }
    }
}

/// <summary>
/// A query budget for the hot paths: the SQL commands one intake or one step costs, counted, never
/// timed. The numbers are what the lean use cases reach (one scoped load, one save, an answer from the
/// entity in hand); a change that adds a query fails here and has to say why.
/// </summary>
public sealed class QueryBudgetTests(QueryCountingApp app, ITestOutputHelper output) : IClassFixture<QueryCountingApp>
{
    // What the request costs today, command by command: the session check and the caller's lookup (3), the
    // use case's own reads (an intake at a point: the duplicates nearby; at home: the house, then its grid
    // and building together; a step: one scoped load), the save — the order and its events, the audit rows
    // and their chain, the notifications' routing and inbox rows — and no read after it. SQLite sends each
    // insert as its own command; PostgreSQL batches them.
    private static int IntakeAtAPointBudget => AppFactory.OnPostgres ? 11 : 16;
    private static int IntakeAtHomeToThePropertyBudget => AppFactory.OnPostgres ? 12 : 17;
    private static int AcceptBudget => AppFactory.OnPostgres ? 13 : 16;
    private static int ResolveBudget => AppFactory.OnPostgres ? 12 : 16;

    private static object AtAPoint => new { categoryCode = "city.garbage", title = "垃圾未清运", description = "楼下垃圾桶已满两天", latitude = 40.8090, longitude = 111.7020 };

    private static object Drain => new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了两天" };

    [Fact]
    public async Task An_intake_at_a_point_stays_within_its_query_budget()
    {
        await app.ReportAsync("resident.shiqi.01", AtAPoint); // the catalogue's cache and the first plans, not counted
        var client = await app.ClientForAsync("resident.shiqi.01");
        var (response, commands) = await QueryCountingApp.CountAsync(client, Post("/api/work-orders", AtAPoint));
        await response.JsonAsync(HttpStatusCode.Created);

        output.WriteLine($"intake at a point: {commands.Count} commands");
        commands.Count.ShouldBeLessThanOrEqualTo(IntakeAtAPointBudget, Listing(commands));
    }

    [Fact]
    public async Task An_intake_at_home_routed_to_the_property_company_stays_within_its_query_budget()
    {
        await app.ReportAsync("resident.sanshundian.01", Drain); // the catalogue's cache and the first plans, not counted
        var client = await app.ClientForAsync("resident.sanshundian.01");
        var (response, commands) = await QueryCountingApp.CountAsync(client, Post("/api/work-orders", Drain));
        (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("order").GetProperty("routedTo").GetString().ShouldBe("Property");

        output.WriteLine($"intake at home: {commands.Count} commands");
        commands.Count.ShouldBeLessThanOrEqualTo(IntakeAtHomeToThePropertyBudget, Listing(commands));
    }

    [Fact]
    public async Task Accepting_and_resolving_stay_within_their_query_budgets()
    {
        var id = await app.ReportAsync("resident.sanshundian.01", Drain);
        await app.ActAsync("grid.sanshundian.01", id, "dispatch", new { toProperty = true });
        var property = await app.ClientForAsync("property.sanshundian.01");

        var (accepted, acceptCommands) = await QueryCountingApp.CountAsync(property, Post($"/api/work-orders/{id}/accept", new { }));
        (await accepted.JsonAsync()).Status().ShouldBe("InProgress");
        var (resolved, resolveCommands) = await QueryCountingApp.CountAsync(property, Post($"/api/work-orders/{id}/resolve", new { note = "已疏通下水管道" }));
        var answer = await resolved.JsonAsync();

        output.WriteLine($"accept: {acceptCommands.Count} commands, resolve: {resolveCommands.Count} commands");
        answer.Status().ShouldBe("AwaitingVerification");
        // The answer is built from the entity in hand and still holds the whole timeline.
        answer.Kinds().ShouldBe(["registered", "routed", "dispatched", "accepted", "handled"]);
        acceptCommands.Count.ShouldBeLessThanOrEqualTo(AcceptBudget, Listing(acceptCommands));
        resolveCommands.Count.ShouldBeLessThanOrEqualTo(ResolveBudget, Listing(resolveCommands));
    }

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    private static string Listing(IReadOnlyList<string> commands) =>
        $"{commands.Count} commands:\n" + string.Join("\n---\n", commands);
}
