using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.WeChat.Reactors;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Reactors;

public class MessageRequestReactorTests
{
    private static async Task<long> FollowerAsync(TestSite site, string openId) =>
        await site.InScopeAsync(async sp => (await sp.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey(WeChatSite.PlainAppId, openId), true))!.Follower.Id);

    private static Task AppendAsync(TestSite site, BehaviourEventDraft draft) =>
        site.InScopeAsync(async sp => await sp.GetRequiredService<IBehaviourLedger>().AppendAsync(draft));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Requests_become_outbox_items_once_and_customer_service_respects_the_48_hour_window(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var active = await FollowerAsync(site, "oActive");
        var silent = await FollowerAsync(site, "oSilent");
        await AppendAsync(site, new BehaviourEventDraft("wechat.message", active, Subject: "text", Source: "wechat"));
        await AppendAsync(site, new BehaviourEventDraft("wechat.message", silent, Subject: "text", Source: "wechat", OccurredUtc: DateTime.UtcNow.AddHours(-49)));

        await AppendAsync(site, new BehaviourEventDraft(MessageRequestReactor.RequestedEventType, active, Payload: new JsonObject { ["kind"] = "customer_service", ["text"] = "讲座明天开始" }));
        await AppendAsync(site, new BehaviourEventDraft(MessageRequestReactor.RequestedEventType, silent, Payload: new JsonObject { ["kind"] = "customer_service", ["text"] = "too late" }));
        await AppendAsync(site, new BehaviourEventDraft(MessageRequestReactor.RequestedEventType, silent, Payload: new JsonObject { ["kind"] = "template", ["templateId"] = "TPL1", ["data"] = new JsonObject { ["first"] = new JsonObject { ["value"] = "报名成功" } } }));
        await site.CatchUpAsync(MessageRequestReactor.ReactorName);

        var custom = JsonNode.Parse((await site.TextAsync("SELECT \"Payload\" FROM \"WeChatOutbox\" WHERE \"Kind\" = 'message.custom'"))!)!;
        Assert.Equal("oActive", custom["touser"]!.GetValue<string>());
        Assert.Equal("讲座明天开始", custom["text"]!["content"]!.GetValue<string>());
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\" WHERE \"Payload\" LIKE '%too late%'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\" WHERE \"Kind\" = 'message.template' AND \"Payload\" LIKE '%oSilent%' AND \"Payload\" LIKE '%TPL1%'"));

        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LedgerReactors>().RebuildAsync(MessageRequestReactor.ReactorName);
            return 0;
        });
        await site.CatchUpAsync(MessageRequestReactor.ReactorName);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\""));
    }
}
