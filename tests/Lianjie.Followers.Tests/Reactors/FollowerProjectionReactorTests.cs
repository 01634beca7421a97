using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Reactors;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Reactors;

public class FollowerProjectionReactorTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Counters_subscription_source_and_tags_follow_the_ledger_and_rebuild_to_the_same_state(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        long id;
        long sharerId;
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<IFollowerDirectory>();
            var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
            id = (await directory.ResolveAsync(new FollowerKey("wxapp", "oA"), true))!.Follower.Id;
            sharerId = (await directory.ResolveAsync(new FollowerKey("wxapp", "oSharer"), true))!.Follower.Id;
            await ledger.AppendAsync(new BehaviourEventDraft("wechat.subscribe", id, Subject: "pharmacy-counter"));
            await ledger.AppendAsync(new BehaviourEventDraft("content.read", id, Subject: "a1"));
            await ledger.AppendAsync(new BehaviourEventDraft("content.read", id, Subject: "a2"));
            await ledger.AppendAsync(new BehaviourEventDraft("content.share_open", id, Subject: "a1", Payload: new JsonObject { ["sharerFollowerId"] = sharerId }));
            await ledger.AppendAsync(new BehaviourEventDraft("event.registered", id, Subject: "kidney-lecture"));
            await ledger.AppendAsync(new BehaviourEventDraft("commerce.purchase", id, Payload: new JsonObject { ["amount"] = "99.90", ["currency"] = "CNY" }));
            await ledger.AppendAsync(new BehaviourEventDraft("tag.added", id, Payload: new JsonObject { ["tags"] = new JsonArray("肝病关注", "已购买") }));
            await ledger.AppendAsync(new BehaviourEventDraft("tag.removed", id, Payload: new JsonObject { ["tag"] = "已购买" }));
            await ledger.AppendAsync(new BehaviourEventDraft("wechat.unsubscribe", id));
        }

        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        var state = await StateAsync(site, id);

        Assert.Equal("2|1|1|False|qr:pharmacy-counter||肝病关注|", state);
        Assert.Equal(1, await site.ScalarAsync($"SELECT \"Shares\" FROM \"Followers\" WHERE \"Id\" = {sharerId}"));

        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerReactors>().RebuildAsync(FollowerProjectionReactor.ReactorName);
        }

        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        Assert.Equal(state, await StateAsync(site, id));
    }

    private static async Task<string> StateAsync(TestSite site, long id) =>
        string.Join("|", [
            await site.ScalarAsync($"SELECT \"Reads\" FROM \"Followers\" WHERE \"Id\" = {id}"),
            await site.ScalarAsync($"SELECT \"Registrations\" FROM \"Followers\" WHERE \"Id\" = {id}"),
            await site.ScalarAsync($"SELECT \"Purchases\" FROM \"Followers\" WHERE \"Id\" = {id}"),
            await site.ScalarAsync($"SELECT CASE WHEN \"Subscribed\" THEN 1 ELSE 0 END FROM \"Followers\" WHERE \"Id\" = {id}") == 1,
            await site.TextAsync($"SELECT \"FirstSource\" FROM \"Followers\" WHERE \"Id\" = {id}"),
            await site.TextAsync($"SELECT \"Tags\" FROM \"Followers\" WHERE \"Id\" = {id}"),
        ]);
}
