using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Callback;

/// <summary>Passive replies: the welcome message and keyword rules, encrypted in safe mode, never twice for a retry.</summary>
public class AutoReplyTests
{
    private const string AppId = "wxclinicdemo0001";

    [Fact]
    public async Task Subscribe_gets_the_welcome_and_a_keyword_gets_its_reply_encrypted_in_safe_mode()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        Loopback.Attach(site);
        var recipe = RecipeReader.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "clinic-wechat.recipe.json")));
        Assert.True((await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions())).Succeeded);
        await site.ShellHost.EnableAsync([LoopbackManifest.FeatureId]);

        Task<PhoneResult> SendAsync(PhoneAction action) => site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), action));
        var welcome = await SendAsync(new PhoneAction("subscribe", AppId, "oWelcome"));
        var lecture = await SendAsync(new PhoneAction("text", AppId, "oWelcome", Content: "请问有什么讲座？"));
        var nothing = await SendAsync(new PhoneAction("text", AppId, "oWelcome", Content: "挂号要多久"));

        Assert.Contains("<Encrypt>", welcome.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("欢迎", welcome.Body, StringComparison.Ordinal);
        Assert.Contains("欢迎关注康宁肝肾门诊", welcome.Reply, StringComparison.Ordinal);
        Assert.Contains("<ToUserName><![CDATA[oWelcome]]></ToUserName>", welcome.Reply, StringComparison.Ordinal);
        Assert.Contains("慢性肾病的饮食管理", lecture.Reply, StringComparison.Ordinal);
        // "挂号" is an exact-match rule, so a longer sentence gets no reply.
        Assert.Equal("success", nothing.Body);
        Assert.Equal(3, await site.LedgerCountAsync());
    }
}
