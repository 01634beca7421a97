using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lianjie.Core.H5;
using Lianjie.Core.Modules;
using Lianjie.Core.Shells;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Lianjie.WeChat.Tests.Support;

/// <summary>
/// Test-only feature: the WeChat module's HTTP client (API calls, the simulator's phone) reaches
/// the in-process test server instead of the network, so "over real HTTP" stays HTTP in tests.
/// </summary>
public sealed class LoopbackManifest : IModuleManifest
{
    public const string FeatureId = "Lianjie.WeChat.Tests.Loopback";

    public ModuleInfo Module { get; } = new(FeatureId, "WeChat test loopback", "Routes WeChat HTTP calls to the test server.", "Tests", ["Lianjie.WeChat"], typeof(LoopbackStartup));
}

public sealed class LoopbackStartup : ModuleStartup
{
    public override int Order => 1000;

    public override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(sp => new ConfigureNamedOptions<HttpClientFactoryOptions>(
            WeChatApiClient.HttpClientName,
            o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = Loopback.HandlerFor(sp.GetRequiredService<ShellHost>()))));

    /// <summary>An H5 page that only says who the visitor is, as any H5 page would see it.</summary>
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/h5/test/whoami", async (HttpContext http, IH5VisitorAccessor visitors) =>
        {
            var visitor = await visitors.GetAsync(http);
            return Results.Json(new { visitor.VisitorId, visitor.FollowerId, visitor.OpenId, visitor.AccountId });
        }).AllowAnonymous();
}

internal static class Loopback
{
    private static readonly ConcurrentDictionary<ShellHost, TestServer> Servers = new();

    [ModuleInitializer]
    internal static void Register()
    {
        TestSite.ExtraModuleAssemblies = [typeof(Loopback).Assembly];
        // Tests drive the outbox themselves (ProcessDueAsync), so the background loop must not race them.
        Environment.SetEnvironmentVariable("WeChat__Outbox__Background", "false");
    }

    public static void Attach(TestSite site) => Servers[site.ShellHost] = (TestServer)site.Services.GetRequiredService<IServer>();

    /// <summary>A client without a cookie jar, for requests with hand-made cookies.</summary>
    public static HttpClient RawClient(TestSite site) =>
        new(((TestServer)site.Services.GetRequiredService<IServer>()).CreateHandler()) { BaseAddress = new Uri("http://localhost") };

    public static HttpMessageHandler HandlerFor(ShellHost host) =>
        Servers.TryGetValue(host, out var server) ? server.CreateHandler() : throw new InvalidOperationException("This test site is not attached to the loopback.");
}
