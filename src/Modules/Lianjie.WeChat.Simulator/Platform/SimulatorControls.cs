using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Lianjie.WeChat.Simulator.Platform;

/// <summary>
/// Knobs and counters of the fake platform: quotas (configuration WeChat:Simulator:MassSendDailyQuota,
/// default 100; overridable per account for demos and tests) and how many times each API was called.
/// </summary>
public sealed class SimulatorControls(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, int> _massQuota = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _pageSize = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AppId, string Api), int> _calls = new();

    public int UserListPageSize =>
        int.TryParse(configuration["WeChat:Simulator:UserListPageSize"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : 10_000;

    /// <summary>The user/get page size of one account (tests use small pages to walk many of them).</summary>
    public int UserListPageSizeFor(string appId) => _pageSize.TryGetValue(appId, out var size) ? size : UserListPageSize;

    public void SetUserListPageSize(string appId, int size) => _pageSize[appId] = size;

    public int MassSendDailyQuota(string appId) =>
        _massQuota.TryGetValue(appId, out var quota) ? quota
        : int.TryParse(configuration["WeChat:Simulator:MassSendDailyQuota"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured) ? configured : 100;

    public void SetMassSendDailyQuota(string appId, int quota) => _massQuota[appId] = quota;

    public void Count(string appId, string api) => _calls.AddOrUpdate((appId, api), 1, (_, n) => n + 1);

    public void Count(string appId, string api, int amount) => _calls.AddOrUpdate((appId, api), amount, (_, n) => n + amount);

    public int Calls(string appId, string api) => _calls.TryGetValue((appId, api), out var n) ? n : 0;
}
