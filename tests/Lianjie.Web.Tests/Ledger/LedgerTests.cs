using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Web.Tests.Ledger;

public class LedgerTests
{
    private static async Task<T> WithLedgerAsync<T>(TestSite site, Func<IBehaviourLedger, Task<T>> action)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IBehaviourLedger>());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_same_dedupe_key_appends_once(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);

        var first = await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("wechat.subscribe", null, DedupeKey: "oUser|1700000000|subscribe|")));
        var second = await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("wechat.subscribe", null, DedupeKey: "oUser|1700000000|subscribe|")));

        Assert.True(first.Appended);
        Assert.False(second.Appended);
        Assert.Equal(first.Event.Position, second.Event.Position);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_appends_are_group_committed_and_all_durable(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        var writer = site.ShellHost.Current!.Services.GetRequiredService<LedgerWriter>();
        var batchesBefore = writer.BatchesWritten;

        var results = await Task.WhenAll(Enumerable.Range(0, 256).Select(i =>
            WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("commerce.purchase", i, Subject: "sku-" + (i % 7), DedupeKey: "order-" + (i % 200))))));

        Assert.Equal(200, results.Count(r => r.Appended));
        Assert.Equal(200, results.Select(r => r.Event.Position).Distinct().Count());
        Assert.Equal(200, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));
        Assert.True(writer.BatchesWritten - batchesBefore < 256, "appends should share transactions");
        var duplicate = results.First(r => !r.Appended);
        Assert.Contains(results, r => r.Appended && r.Event.Position == duplicate.Event.Position);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Appends_in_a_transaction_commit_or_roll_back_with_it_and_dedupe(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);

        async Task<(AppendResult First, AppendResult Again)> AppendTwiceAsync(bool commit)
        {
            await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<Lianjie.Core.Data.DbSession>();
            var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
            await session.BeginTransactionAsync();
            var first = await ledger.AppendInTransactionAsync(session, new BehaviourEventDraft("tag.added", 7, Subject: "vip", DedupeKey: "tag|7|vip"));
            var again = await ledger.AppendInTransactionAsync(session, new BehaviourEventDraft("tag.added", 7, Subject: "vip", DedupeKey: "tag|7|vip"));
            if (commit)
            {
                await session.CommitAsync();
            }
            else
            {
                await session.RollbackAsync();
            }

            return (first, again);
        }

        var rolledBack = await AppendTwiceAsync(commit: false);
        Assert.True(rolledBack.First.Appended);
        Assert.False(rolledBack.Again.Appended);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));

        var committed = await AppendTwiceAsync(commit: true);
        Assert.True(committed.First.Appended);
        Assert.False(committed.Again.Appended);
        Assert.Equal(committed.First.Event.Position, committed.Again.Event.Position);
        Assert.Equal("vip", committed.Again.Event.Subject);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));

        var later = await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("tag.added", 7, Subject: "vip", DedupeKey: "tag|7|vip")));
        Assert.False(later.Appended);
        Assert.Equal(committed.First.Event.Position, later.Event.Position);
        var next = await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("tag.added", 8, Subject: "vip")));
        Assert.True(next.Appended);
        Assert.True(next.Event.Position > committed.First.Event.Position);
    }

    [Fact]
    public async Task Bad_event_types_are_refused()
    {
        await using var site = await TestSite.SetUpAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("Not A Type", null))));
        await Assert.ThrowsAsync<ArgumentException>(() => WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("x.y", null, DedupeKey: new string('k', 301)))));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_reactor_that_fails_mid_batch_applies_every_event_exactly_once_and_can_be_rebuilt(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Test.Alpha"]);
        Interlocked.Exchange(ref AlphaReactor.Explosions, 0);

        for (var i = 0; i < 30; i++)
        {
            await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("content.read", i, Subject: i == 20 ? "boom" : "article")));
        }

        await WaitForAsync(async () => await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerCheckpoints\" WHERE \"Reactor\" = 'test.alpha' AND \"Position\" >= 30") == 1);

        Assert.True(AlphaReactor.Explosions >= 2, "the failing batch was retried");
        Assert.Equal(30, await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaSeen'"));

        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerReactors>().RebuildAsync("test.alpha");
        }

        await WaitForAsync(async () => await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerCheckpoints\" WHERE \"Reactor\" = 'test.alpha' AND \"Position\" >= 30") == 1);
        Assert.Equal(30, await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaSeen'"));
    }

    [Fact]
    public async Task A_reactor_resumes_from_its_checkpoint_after_a_restart()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Test.Alpha"]);
        await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("content.view", 1)));
        await WaitForAsync(async () => await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaSeen'") == 1);

        await site.RestartAsync();
        await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft("content.view", 2)));

        await WaitForAsync(async () => await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaSeen'") == 2);
        Assert.Equal(2, await site.ScalarAsync("SELECT \"Position\" FROM \"LedgerCheckpoints\" WHERE \"Reactor\" = 'test.alpha'"));
    }

    [Fact]
    public async Task Query_filters_by_follower_and_type_with_paging()
    {
        await using var site = await TestSite.SetUpAsync();
        for (var i = 0; i < 12; i++)
        {
            await WithLedgerAsync(site, l => l.AppendAsync(new BehaviourEventDraft(i % 2 == 0 ? "content.read" : "content.view", i % 3)));
        }

        var (items, total) = await WithLedgerAsync(site, l => l.QueryAsync(new LedgerQuery(FollowerId: 0, Type: "content.read", Take: 1)));

        Assert.Equal(2, total);
        var only = Assert.Single(items);
        Assert.Equal(7, only.Position);
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(50);
        }
    }
}
