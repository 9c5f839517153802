using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Authorization;

/// <summary>
/// The authorization matrix, generated from the app's own OpenAPI document: every operation × every demo
/// account (and anonymous) × an object in and out of the caller's scope, judged against
/// <see cref="AuthorizationTable"/>. Out of scope is 404, never 2xx or 403; anonymous is 401 off the public
/// endpoints; never a 5xx.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output)
{
    // A hang guard, not a timing assertion: the matrix answers in well under a minute.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Every_operation_of_the_openapi_document_has_a_row_in_the_authorization_table()
    {
        await using var app = new MatrixApp();
        await app.InitializeAsync();
        var operations = await OperationsAsync(app);

        var keys = operations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var rows = AuthorizationTable.Rows.Select(r => r.Key).ToList();
        operations.Where(o => !rows.Contains(o.Key)).Select(o => o.Key).ShouldBeEmpty("operations without a row in AuthorizationTable");
        rows.Where(r => !keys.Contains(r)).ShouldBeEmpty("rows of AuthorizationTable for operations the document does not have");
        rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("operations with more than one row");
        foreach (var operation in operations)
        {
            foreach (var (segment, name) in operation.RouteParameters)
            {
                Should.NotThrow(() => AuthorizationMatrix.RouteKind(segment, name), $"{operation.Key}: {{{name}}}");
            }
        }
    }

    [Fact]
    public async Task Every_read_answers_each_role_within_its_scope_and_404_outside_it()
    {
        using var cts = new CancellationTokenSource(Guard);
        await using var app = new MatrixApp();
        await app.InitializeAsync();
        var (operations, catalogue) = await PrepareAsync(app);

        var probes = Probes(operations, catalogue).Where(p => p.Operation.IsSafe).ToList();
        var answers = await AuthorizationMatrix.SendAsync(app, probes, parallel: 8, cts.Token);

        Report(answers);
        Verdict([.. answers.SelectMany(AuthorizationMatrix.Judge), .. AuthorizationMatrix.Vacuous(answers)]);
    }

    [Fact]
    public async Task Every_write_refuses_objects_out_of_scope_with_404_and_changes_nothing()
    {
        using var cts = new CancellationTokenSource(Guard);
        await using var app = new MatrixApp();
        await app.InitializeAsync();
        var (operations, catalogue) = await PrepareAsync(app);
        var unsafeProbes = Probes(operations, catalogue).Where(p => !p.Operation.IsSafe).ToList();

        // Refused writes first: out of scope and anonymous. Nothing may change, so the audit log stays as it was.
        var refused = unsafeProbes.Where(p => (p.Side == Side.Out && p.Rule.CrossScope is null) || p.Caller.IsAnonymous).ToList();
        var before = await AuditCountAsync(app);
        var refusedAnswers = await AuthorizationMatrix.SendAsync(app, refused, parallel: 4, cts.Token);
        var after = await AuditCountAsync(app);

        // Then the writes in scope, which may change state: they must be allowed only to the table's accounts and never fail with 5xx.
        var inScope = unsafeProbes.Except(refused).ToList();
        var inScopeAnswers = await AuthorizationMatrix.SendAsync(app, inScope, parallel: 4, cts.Token);

        Report([.. refusedAnswers, .. inScopeAnswers]);
        var failures = refusedAnswers.Concat(inScopeAnswers).SelectMany(AuthorizationMatrix.Judge).ToList();
        if (after != before)
        {
            failures.Add($"refused writes changed the audit log: {before} → {after} entries");
        }

        Verdict(failures);
    }

    private static IEnumerable<Probe> Probes(IReadOnlyList<ApiOperation> operations, Catalogue catalogue)
    {
        var rules = AuthorizationTable.Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        // Signing in and out are not probed here: logout ends every session of the caller, which the other probes
        // share (their rules are tested in Accounts.AuthTests and SessionTests); both still need their row.
        return operations.Where(o => o.Key is not ("POST /api/auth/token" or "POST /api/auth/logout"))
            .SelectMany(o => AuthorizationMatrix.ProbesFor(o, rules.TryGetValue(o.Key, out var rule) ? rule : throw new ShouldAssertException($"{o.Key} has no row in AuthorizationTable"), catalogue));
    }

    private async Task<(IReadOnlyList<ApiOperation>, Catalogue)> PrepareAsync(MatrixApp app)
    {
        var operations = await OperationsAsync(app);
        var catalogue = await Catalogue.BuildAsync(app);
        foreach (var note in catalogue.SetupNotes)
        {
            output.WriteLine("setup: " + note);
        }

        return (operations, catalogue);
    }

    private static async Task<IReadOnlyList<ApiOperation>> OperationsAsync(MatrixApp app)
    {
        using var client = app.CreateClient();
        return OpenApiOperations.Read(await client.GetStringAsync("/openapi/v1.json"));
    }

    private static async Task<int> AuditCountAsync(MatrixApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.CountAsync();
    }

    /// <summary>Every broken expectation goes to the test output, one a line; the assertion names the first few.</summary>
    private void Verdict(List<string> failures)
    {
        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure);
        }

        failures.Count.ShouldBe(0, string.Join(Environment.NewLine, failures.Take(15)));
    }

    private void Report(IEnumerable<Answer> answers)
    {
        foreach (var group in answers.GroupBy(a => a.Probe.Operation.Key))
        {
            output.WriteLine($"{group.Key}: " + string.Join(' ', group.Select(a => $"{a.Probe.Caller.UserName}{(a.Probe.Side == Side.Out ? "/out" : "")}={a.Status}")));
        }
    }
}
