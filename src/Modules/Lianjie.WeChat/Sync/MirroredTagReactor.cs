using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Sync;

/// <summary>
/// tag.added / tag.removed of a mirrored tag on a follower of that account become batch
/// tagging/untagging outbox items (≤50 openids each). Within a batch the last change per follower
/// and tag wins; items are enqueued in the reactor's transaction, so each event counts once.
/// </summary>
public sealed class MirroredTagReactor(DbSession session, IFollowerDirectory followers, WeChatOutbox outbox, IServiceProvider services) : ILedgerReactor
{
    public const string ReactorName = "wechat.tag-mirror";

    public string Name => ReactorName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>([BehaviourEventTypes.TagAdded, BehaviourEventTypes.TagRemoved], StringComparer.Ordinal);

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var tagEvents = events.Where(e => e.FollowerId is not null && e.Type is BehaviourEventTypes.TagAdded or BehaviourEventTypes.TagRemoved).ToList();
        if (tagEvents.Count == 0)
        {
            return;
        }

        List<WeChatMirroredTag> mirrored;
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            mirrored = await db.Set<WeChatMirroredTag>().AsNoTracking().ToListAsync(cancellationToken);
        }

        if (mirrored.Count == 0)
        {
            return;
        }

        // A renamed Lianjie tag arrives as removed(old) + added(new): follow the dictionary first, so the WeChat tag stays.
        var eventNames = tagEvents.SelectMany(e => TagEventPayload.Names(e.PayloadObject())).ToHashSet(StringComparer.Ordinal);
        if (!eventNames.IsSubsetOf(mirrored.Select(m => m.TagName)) && services.GetService(typeof(ITagDictionary)) is ITagDictionary dictionary)
        {
            var current = (await dictionary.ListAsync(cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
            await using var db = await session.CreateContextAsync(cancellationToken);
            foreach (var tag in mirrored.Where(m => current.TryGetValue(m.TagId, out var name) && name != m.TagName))
            {
                tag.TagName = current[tag.TagId];
                await db.Set<WeChatMirroredTag>().Where(m => m.AppId == tag.AppId && m.TagId == tag.TagId)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.TagName, tag.TagName), cancellationToken);
            }
        }

        var mirroredNames = mirrored.Select(m => m.TagName).ToHashSet(StringComparer.Ordinal);
        var latest = new Dictionary<(string AppId, long TagId, string OpenId), bool>();
        var order = new List<(string AppId, long TagId, string OpenId)>();
        var known = new Dictionary<long, FollowerRef?>();
        foreach (var e in tagEvents)
        {
            var names = TagEventPayload.Names(e.PayloadObject()).Where(mirroredNames.Contains).ToList();
            if (names.Count == 0)
            {
                continue;
            }

            var followerId = e.FollowerId!.Value;
            if (!known.TryGetValue(followerId, out var follower))
            {
                known[followerId] = follower = await followers.FindAsync(followerId, cancellationToken);
            }

            if (follower is not { AccountId.Length: > 0, OpenId.Length: > 0 })
            {
                continue;
            }

            foreach (var tag in mirrored.Where(m => m.AppId == follower.AccountId && names.Contains(m.TagName, StringComparer.Ordinal)))
            {
                var key = (tag.AppId, tag.TagId, follower.OpenId);
                if (!latest.ContainsKey(key))
                {
                    order.Add(key);
                }

                latest[key] = e.Type == BehaviourEventTypes.TagAdded;
            }
        }

        var first = tagEvents[0].Position;
        var last = tagEvents[^1].Position;
        foreach (var group in order.GroupBy(k => (k.AppId, k.TagId, Add: latest[k])))
        {
            var chunkIndex = 0;
            foreach (var chunk in group.Select(k => k.OpenId).Chunk(WeChatPlatformLimits.MaxOpenIdsPerBatchTagging))
            {
                // Keyed by ledger positions, so a replayed batch never queues the same call twice.
                var dedupe = $"mirror:{group.Key.AppId}:{group.Key.TagId}:{(group.Key.Add ? "+" : "-")}:{first}-{last}:{chunkIndex++}";
                await outbox.EnqueueAsync(group.Key.AppId, WeChatTagMirrorKinds.Members, MirrorMembers.Payload(group.Key.TagId, group.Key.Add, chunk), dedupe, cancellationToken);
            }
        }
    }
}
