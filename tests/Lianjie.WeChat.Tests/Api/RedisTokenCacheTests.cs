using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lianjie.Core.Data;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Lianjie.WeChat.Tests.Api;

/// <summary>With WeChat:Redis set, the access-token cache lives in Redis: one refresh for all hosts, none in the database.</summary>
public class RedisTokenCacheTests : IClassFixture<RedisTokenCacheTests.RedisServer>
{
    private const string AppId = SimulatedAccount.AppId;
    private readonly RedisServer _redis;

    public RedisTokenCacheTests(RedisServer redis) => _redis = redis;

    [Fact]
    public async Task Hosts_sharing_redis_refresh_a_token_once_and_a_rejected_token_once()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var hostA = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        await using var hostB = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var caches = new[]
        {
            new WeChatRedisCredentialCache(hostA.GetDatabase(), prefix, TimeProvider.System, NullLogger.Instance),
            new WeChatRedisCredentialCache(hostB.GetDatabase(), prefix, TimeProvider.System, NullLogger.Instance),
        };
        var fetches = 0;
        async Task<(string, int)> FetchAsync(CancellationToken ct)
        {
            var n = Interlocked.Increment(ref fetches);
            await Task.Delay(200, ct); // a slow platform: everybody else arrives while it is out
            return ("tok" + n, 7200);
        }

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => caches[i % 2].GetAsync(AppId, WeChatApiCredential.AccessToken, FetchAsync, null, CancellationToken.None)));
        Assert.All(first, t => Assert.Equal("tok1", t));
        Assert.Equal(1, fetches);

        // WeChat refuses tok1 (40001) on both hosts at once: one refresh between them.
        var second = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => caches[i % 2].GetAsync(AppId, WeChatApiCredential.AccessToken, FetchAsync, "tok1", CancellationToken.None)));
        Assert.All(second, t => Assert.Equal("tok2", t));
        Assert.Equal(2, fetches);

        // A late report of the old token's rejection does not throw away the new one.
        Assert.Equal("tok2", await caches[0].GetAsync(AppId, WeChatApiCredential.AccessToken, FetchAsync, "tok1", CancellationToken.None));
        Assert.Equal(2, fetches);
        Assert.Equal(2, await caches[1].RefreshCountAsync(AppId, WeChatApiCredential.AccessToken));
    }

    [Fact]
    public async Task A_site_configured_with_redis_calls_the_simulator_with_a_token_kept_in_redis_not_the_database()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:Redis"] = _redis.Configuration,
            ["WeChat:RedisPrefix"] = "site" + Guid.NewGuid().ToString("N")[..8] + ":",
        }).Build();
        await using var connection = new WeChatRedisConnection(configuration);

        // Two hosts: each its own scope and store, both pointed at the same Redis.
        WeChatApiClient Client(IServiceProvider sp) => ActivatorUtilities.CreateInstance<WeChatApiClient>(sp,
            new WeChatCredentialStore(sp.GetRequiredService<DbSession>(), TimeProvider.System, sp.GetRequiredService<ILogger<WeChatCredentialStore>>(), connection));
        var first = await site.InScopeAsync(sp => Client(sp).AccessTokenAsync(AppId));
        var second = await site.InScopeAsync(async sp =>
        {
            var client = Client(sp);
            var token = await client.AccessTokenAsync(AppId);
            // A real call with it: the simulator accepts the token.
            await client.GetAsync(AppId, "/cgi-bin/tags/get");
            return token;
        });

        Assert.Equal(first, second);
        Assert.Equal(1, await site.InScopeAsync(sp => new WeChatCredentialStore(sp.GetRequiredService<DbSession>(), TimeProvider.System, sp.GetRequiredService<ILogger<WeChatCredentialStore>>(), connection).RefreshCountAsync(AppId, WeChatApiCredential.AccessToken)));
        Assert.Equal(1, site.Controls().Calls(AppId, "token"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatApiCredentials\""));
    }

    /// <summary>A throwaway redis-server on a free loopback port (Debian's redis-server; build/test.sh installs it).</summary>
    public sealed class RedisServer : IAsyncLifetime
    {
        private Process? _process;

        public string Configuration { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("redis-server was not found. Run the tests with build/test.sh, which installs Debian's redis-server.");
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            _process = Process.Start(new ProcessStartInfo(executable, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            Configuration = $"127.0.0.1:{port},abortConnect=false";
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }

            throw new InvalidOperationException($"redis-server did not listen on {port}.");
        }

        public Task DisposeAsync()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process?.Dispose();
            return Task.CompletedTask;
        }
    }
}
