using Lianjie.Core.Caching;

namespace Lianjie.Followers.Services;

/// <summary>
/// (account, openid) → follower id for half a minute: every WeChat callback resolves its sender,
/// and the same followers write again and again. Only ids are kept (an openid's follower changes
/// only by erasure, which clears this host's cache; other hosts see it when entries expire).
/// </summary>
public sealed class FollowerIdCache(TimeProvider clock)
{
    private readonly ExpiringCache<(string Account, string OpenId), long> _entries = new(TimeSpan.FromSeconds(30), 200_000, clock);

    public bool TryGet(string account, string openId, out long id) => _entries.TryGet((account, openId), out id);

    public void Set(string account, string openId, long id) => _entries.Set((account, openId), id);

    public void Clear() => _entries.Clear();
}
