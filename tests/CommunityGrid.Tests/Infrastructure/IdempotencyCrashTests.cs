using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Data;
using CommunityGrid.Tests.WorkOrders;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// What a client of an Idempotency-Key sees when the app dies between a request's write and the
/// storing of its answer — simulated by holding or failing the UPDATE that stores the answer.
/// </summary>
public sealed class IdempotencyCrashTests(IdempotencyCrashTests.App app) : IClassFixture<IdempotencyCrashTests.App>
{
    public sealed class App : WorkOrderApp
    {
        public AnswerStore Store { get; } = new();

        public App() => WithServices(s =>
        {
            s.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(Store));
            s.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(Store));
        });
    }

    /// <summary>Holds (or fails) the UPDATE that stores an idempotent answer.</summary>
    public sealed class AnswerStore : DbCommandInterceptor
    {
        public IHttpContextAccessor? Http { get; set; }
        public bool Fail { get; set; }
        /// <summary>Whether the response had started (headers on their way to the client) when its answer was being stored.</summary>
        public bool? StartedBeforeStored { get; private set; }

        public void Reset()
        {
            StartedBeforeStored = null;
            Fail = false;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) && command.CommandText.Contains("\"IdempotencyRecords\"", StringComparison.Ordinal)
                && command.CommandText.Contains("\"StatusCode\"", StringComparison.Ordinal))
            {
                StartedBeforeStored = Http?.HttpContext?.Response.HasStarted;
                if (Fail)
                {
                    throw new InvalidOperationException("simulated crash before the answer is stored");
                }
            }

            return await base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static HttpRequestMessage Report(string key, string title) => new(HttpMethod.Post, "/api/work-orders")
    {
        Content = JsonContent.Create(new { categoryCode = "city.garbage", title }),
        Headers = { { "Idempotency-Key", key } },
    };

    private static async Task<int> MyOrdersAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/work-orders?mine=true&pageSize=1")).JsonAsync()).GetProperty("total").GetInt32();

    [Fact]
    public async Task The_answer_reaches_the_client_only_once_it_is_stored_so_a_seen_answer_survives_a_crash()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        app.Store.Reset();
        app.Store.Http = app.Services.GetRequiredService<IHttpContextAccessor>();
        try
        {
            var first = await (await client.SendAsync(Report("stored-first-1", "楼道灯坏了"), TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.Created);

            // Nothing had left for the client while the answer was being stored.
            app.Store.StartedBeforeStored.ShouldBe(false);
            var again = await client.SendAsync(Report("stored-first-1", "楼道灯坏了"), TestContext.Current.CancellationToken);
            again.Headers.GetValues("Idempotent-Replayed").ShouldContain("true");
            (await again.JsonAsync(HttpStatusCode.Created)).GetProperty("order").GetProperty("id").GetGuid().ShouldBe(first.GetProperty("order").GetProperty("id").GetGuid());
        }
        finally
        {
            app.Store.Reset();
        }
    }

    [Fact]
    public async Task A_retry_after_the_write_committed_but_its_answer_was_lost_is_told_so_and_never_runs_twice()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi2);
        var before = await MyOrdersAsync(client);
        app.Store.Reset();
        app.Store.Fail = true;
        try
        {
            (await client.SendAsync(Report("lost-answer-1", "井盖松动"), TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }
        finally
        {
            app.Store.Reset();
        }

        (await MyOrdersAsync(client)).ShouldBe(before + 1);
        await (await client.SendAsync(Report("lost-answer-1", "井盖松动"), TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "idempotency_in_progress");

        // Long after, when an unfinished claim would be taken over, the committed one is not run again.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await (await client.SendAsync(Report("lost-answer-1", "井盖松动"), TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "idempotency_answer_lost");
        (await MyOrdersAsync(client)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_refused_request_frees_its_key_for_a_corrected_retry_of_the_same_body()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi2);
        var refused = new HttpRequestMessage(HttpMethod.Post, "/api/work-orders")
        {
            Content = JsonContent.Create(new { categoryCode = "no.such.category", title = "x" }),
            Headers = { { "Idempotency-Key", "refused-1" } },
        };
        var first = await client.SendAsync(refused, TestContext.Current.CancellationToken);
        ((int)first.StatusCode).ShouldBeInRange(400, 499);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.IdempotencyRecords.CountAsync(r => r.Key == "refused-1" && r.StatusCode == null, TestContext.Current.CancellationToken)).ShouldBe(0);
    }
}
