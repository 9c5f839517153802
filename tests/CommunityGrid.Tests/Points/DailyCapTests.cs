using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Points;

/// <summary>The daily cap counts what a person was awarded and kept: a reversed award no longer fills it.</summary>
public sealed class DailyCapTests(PointsApp app) : IClassFixture<PointsApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task An_award_reversed_the_same_day_frees_its_share_of_the_daily_cap()
    {
        var account = await app.PersonAccountAsync(DemoUsers.ResidentSanshundian1);
        var wrong = await app.AwardAsync(account, 180, "cap-reversal-1");
        await app.WithLedgerAsync((ledger, _) => ledger.ReverseAsync(wrong.Transfer!.Id, "核定有误"));

        var corrected = await app.AwardAsync(account, 150, "cap-reversal-1#2");

        corrected.Granted.ShouldBe(150);
        (await app.BalanceAsync(account.Id)).ShouldBe(150);
        // The cap still holds for what is kept: 150 + 60 would pass 200.
        (await app.AwardAsync(account, 60, "cap-reversal-2")).Granted.ShouldBe(50);
    }
}
