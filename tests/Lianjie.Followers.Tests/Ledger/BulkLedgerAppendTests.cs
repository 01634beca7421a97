using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Ledger;

/// <summary>
/// Bulk appends in a caller's transaction (bulk tagging, imports) take a set-based path on SQLite
/// (one JSON array per call); the rows must be exactly what one append per draft stores.
/// </summary>
public class BulkLedgerAppendTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bulk_append_stores_every_field_in_order_and_skips_seen_dedupe_keys(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        var occurred = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234560); // PostgreSQL keeps microseconds
        var wholeSecond = new DateTime(2026, 3, 4, 5, 6, 8, DateTimeKind.Utc);
        await WithAsync(site, sp => sp.GetRequiredService<IBehaviourLedger>().AppendAsync(new BehaviourEventDraft("test.bulk", 1, DedupeKey: "seen-before", OccurredUtc: occurred)));
        var before = await site.ScalarAsync("SELECT MAX(\"Position\") FROM \"LedgerEvents\"");

        var drafts = new List<BehaviourEventDraft>();
        for (var i = 0; i < 150; i++)
        {
            drafts.Add(new BehaviourEventDraft(
                "test.bulk",
                i % 7 == 0 ? null : 1000 + i,
                i % 5 == 0 ? null : $"主题 {i} \"quoted\" \\ 😀",
                i % 3 == 0 ? null : new JsonObject { ["tag"] = "肾病关注", ["n"] = i, ["text"] = "line\nbreak\t\"q\"" },
                i % 2 == 0 ? occurred.AddMinutes(i) : wholeSecond,
                "bench-源",
                i == 10 ? "seen-before" : i == 20 ? "key-19" : $"key-{i}",
                i % 4 == 0 ? null : "wxapp"));
        }

        var appended = await WithAsync(site, async sp =>
        {
            var session = sp.GetRequiredService<DbSession>();
            await session.BeginTransactionAsync();
            var count = await sp.GetRequiredService<IBehaviourLedger>().AppendManyInTransactionAsync(session, drafts);
            await session.CommitAsync();
            return count;
        });

        // Row 10 repeats a key already in the ledger, row 20 a key earlier in the same list.
        Assert.Equal(148, appended);
        var events = await WithAsync(site, sp => sp.GetRequiredService<IBehaviourLedger>().ReadAfterAsync(before, 1000));
        var expected = drafts.Where((_, i) => i is not (10 or 20)).ToList();
        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (draft, stored) = (expected[i], events[i]);
            Assert.Equal(draft.DedupeKey, stored.DedupeKey);
            Assert.Equal(draft.Type, stored.Type);
            Assert.Equal(draft.FollowerId, stored.FollowerId);
            Assert.Equal(draft.Subject, stored.Subject);
            Assert.Equal(draft.Payload?.ToJsonString(), stored.Payload);
            Assert.Equal(draft.OccurredUtc, stored.OccurredUtc);
            Assert.Equal(draft.Source, stored.Source);
            Assert.Equal(draft.AccountId, stored.AccountId);
            Assert.True(i == 0 || stored.Position > events[i - 1].Position, "positions follow the list's order");
        }

        if (provider == "sqlite")
        {
            // The same instants as text, byte for byte, as a single append stores them (range queries compare text).
            Assert.Equal(
                await site.TextAsync("SELECT \"OccurredUtc\" FROM \"LedgerEvents\" WHERE \"DedupeKey\" = 'seen-before'"),
                await site.TextAsync("SELECT \"OccurredUtc\" FROM \"LedgerEvents\" WHERE \"DedupeKey\" = 'key-0'"));
            Assert.Equal("2026-03-04 05:06:08", await site.TextAsync("SELECT \"OccurredUtc\" FROM \"LedgerEvents\" WHERE \"DedupeKey\" = 'key-1'"));
            Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE typeof(\"FollowerId\") NOT IN ('integer', 'null')"));
        }
    }

    private static async Task<T> WithAsync<T>(TestSite site, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
