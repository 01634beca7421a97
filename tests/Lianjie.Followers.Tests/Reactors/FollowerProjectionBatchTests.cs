using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Models;
using Lianjie.Followers.Reactors;
using Lianjie.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Reactors;

/// <summary>
/// The reactor reads and writes followers set-based in large batches; the rows it leaves must be
/// exactly what applying each event in order to each follower gives (the per-event semantics).
/// </summary>
public class FollowerProjectionBatchTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Batched_projection_gives_the_same_rows_as_applying_each_event_in_order(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        var ids = new List<long>();
        Dictionary<long, FollowerRecord> expected;
        long before;
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<IFollowerDirectory>();
            for (var i = 0; i < 120; i++)
            {
                ids.Add((await directory.ResolveAsync(new FollowerKey("wxapp", $"o{i:D3}"), true))!.Follower.Id);
            }

        }

        // Start from settled rows: whatever creating the followers appended is projected already.
        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        expected = await RowsAsync(site);
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            before = await scope.ServiceProvider.GetRequiredService<IBehaviourLedger>().LastPositionAsync();
        }

        // More events than one reactor batch (5,000), so followers span batches and rows are re-read.
        var drafts = MixedEvents(ids, 7000);
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IBehaviourLedger>().AppendManyInTransactionAsync(session, drafts);
            await session.CommitAsync();
        }

        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);

        IReadOnlyList<BehaviourEvent> events;
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            events = await scope.ServiceProvider.GetRequiredService<IBehaviourLedger>().ReadAfterAsync(before, 10_000);
        }

        Assert.Equal(7000, events.Count);
        foreach (var e in events)
        {
            if (e.FollowerId is { } id && expected.TryGetValue(id, out var row))
            {
                FollowerProjectionReactor.Apply(row, e, expected);
            }
        }

        var actual = await RowsAsync(site);
        Assert.Equal(expected.Values.OrderBy(f => f.Id).Select(Describe), actual.Values.OrderBy(f => f.Id).Select(Describe));
        // The comparison means something only if the events changed every kind of column.
        Assert.Contains(actual.Values, f => f.Shares > 0 && f.ReferrerFollowerId is not null);
        Assert.Contains(actual.Values, f => f.PurchaseAmount > 0 && f.Tags.Length > 0 && f.UnsubscribedUtc is not null);
        Assert.Contains(actual.Values, f => f.Subscribed && f.FirstSource != null && f.FirstSource.StartsWith("qr:", StringComparison.Ordinal));
    }

    private static List<BehaviourEventDraft> MixedEvents(List<long> ids, int count)
    {
        var random = new Random(7);
        var start = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        string[] tags = ["肝病关注", "慢性肾病患者", "家属", "活跃"];
        var drafts = new List<BehaviourEventDraft>(count);
        for (var i = 0; i < count; i++)
        {
            var id = ids[random.Next(ids.Count)];
            var at = start.AddSeconds(random.Next(0, 10_000_000)).AddTicks(random.Next(0, 10) * 10);
            drafts.Add((i % 9) switch
            {
                0 => new BehaviourEventDraft("wechat.subscribe", id, Subject: random.Next(3) == 0 ? null : "counter-" + random.Next(3), OccurredUtc: at),
                1 => new BehaviourEventDraft("wechat.unsubscribe", id, OccurredUtc: at),
                2 => new BehaviourEventDraft("content.read", id, Subject: "a" + random.Next(20), OccurredUtc: at),
                3 => new BehaviourEventDraft("content.share_open", id, Subject: "a1", Payload: new JsonObject { ["sharerFollowerId"] = ids[random.Next(ids.Count)] }, OccurredUtc: at),
                4 => new BehaviourEventDraft("event.registered", id, Subject: "lecture", OccurredUtc: at),
                5 => new BehaviourEventDraft("event.cancelled", id, Subject: "lecture", OccurredUtc: at),
                6 => new BehaviourEventDraft("commerce.purchase", id, Payload: new JsonObject { ["amount"] = (random.Next(1, 50000) / 100m).ToString(CultureInfo.InvariantCulture) }, OccurredUtc: at),
                7 => new BehaviourEventDraft("tag.added", id, Payload: new JsonObject { ["tags"] = new JsonArray(tags[random.Next(4)], tags[random.Next(4)]) }, OccurredUtc: at),
                _ => new BehaviourEventDraft("tag.removed", id, Payload: new JsonObject { ["tag"] = tags[random.Next(4)] }, OccurredUtc: at),
            });
        }

        return drafts;
    }

    private static async Task<Dictionary<long, FollowerRecord>> RowsAsync(TestSite site)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<DbSession>().CreateContextAsync();
        return await db.Set<FollowerRecord>().AsNoTracking().ToDictionaryAsync(f => f.Id);
    }

    private static string Describe(FollowerRecord f) => string.Join(
        "|",
        f.Id,
        f.Subscribed,
        Time(f.SubscribedUtc),
        Time(f.UnsubscribedUtc),
        f.FirstSource,
        f.ReferrerFollowerId,
        Time(f.LastSeenUtc),
        f.Reads,
        f.Shares,
        f.Registrations,
        f.Purchases,
        f.PurchaseAmount.ToString("0.00", CultureInfo.InvariantCulture),
        f.Tags);

    private static string Time(DateTime? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "-";
}
