using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Simulator.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Support;

/// <summary>A site with the simulator and one simulated account whose API calls go to it over HTTP.</summary>
internal static class SimulatedAccount
{
    public const string AppId = "wxapi000000000001";

    public static async Task<TestSite> StartAsync(string provider = "sqlite")
    {
        var site = await WeChatSite.StartAsync(provider, WeChatSite.Simulator);
        await site.AddAccountAsync(AppId, WeChatMessageMode.Plain, simulated: true, WeChatSite.SimulatorBase);
        return site;
    }

    /// <summary>Users the platform knows (as if they had subscribed on their phones).</summary>
    public static async Task<List<string>> AddPlatformFollowersAsync(this TestSite site, int count, string prefix = "oUser")
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<SimulatorPlatform>();
        var openIds = Enumerable.Range(1, count).Select(i => $"{prefix}{i:D4}").ToList();
        foreach (var openId in openIds)
        {
            await platform.UpsertFollowerAsync(AppId, openId, true, null);
        }

        return openIds;
    }

    public static async Task<T> InScopeAsync<T>(this TestSite site, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static SimulatorControls Controls(this TestSite site) => site.ShellHost.Current!.Services.GetRequiredService<SimulatorControls>();
}
