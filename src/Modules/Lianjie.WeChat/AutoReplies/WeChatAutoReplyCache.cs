using Lianjie.Core.Caching;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>
/// Each account's reply rules for a few seconds: every text message and subscribe looks them up,
/// and they change rarely. Edits on this host clear the entry at once; other hosts see them when
/// it expires.
/// </summary>
public sealed class WeChatAutoReplyCache(TimeProvider clock)
{
    private readonly ExpiringCache<string, IReadOnlyList<WeChatAutoReply>> _entries = new(TimeSpan.FromSeconds(10), 1_000, clock);

    public async Task<IReadOnlyList<WeChatAutoReply>> GetAsync(string appId, Func<Task<IReadOnlyList<WeChatAutoReply>>> load)
    {
        if (!_entries.TryGet(appId, out var rules))
        {
            rules = await load();
            _entries.Set(appId, rules);
        }

        return rules;
    }

    public void Remove(string appId) => _entries.Remove(appId);
}
