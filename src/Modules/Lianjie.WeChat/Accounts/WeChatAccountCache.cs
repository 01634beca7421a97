using Lianjie.Core.Caching;

namespace Lianjie.WeChat.Accounts;

/// <summary>
/// Unprotected account keys per AppId for a few seconds: callbacks arrive in bursts and each one
/// would otherwise read and unprotect the row. Edits on this host clear it at once; other hosts
/// see them when the entry expires. Unknown AppIds are cached too, so probes stay cheap.
/// </summary>
public sealed class WeChatAccountCache(TimeProvider clock)
{
    private readonly ExpiringCache<string, WeChatAccountKeys?> _entries = new(TimeSpan.FromSeconds(30), 10_000, clock);

    public bool TryGet(string appId, out WeChatAccountKeys? keys) => _entries.TryGet(appId, out keys);

    public void Set(string appId, WeChatAccountKeys? keys) => _entries.Set(appId, keys);

    public void Remove(string appId) => _entries.Remove(appId);
}
