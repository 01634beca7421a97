using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Messages;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Channels;

/// <summary>
/// Projects subscribe / SCAN / unsubscribe events into the channel funnel: one hit row per scan,
/// new follow (the follower's first subscribe ever, with a scene) and re-follow, plus each follower's
/// first scene and current subscription. Rebuildable: reset empties both tables.
/// </summary>
public sealed class WeChatChannelFunnelReactor(DbSession session) : ILedgerReactor
{
    public const string ReactorName = "wechat.channels";

    public string Name => ReactorName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>([WeChatEventTypes.Subscribe, WeChatEventTypes.Unsubscribe, WeChatEventTypes.Scan], StringComparer.Ordinal);

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var relevant = events.Where(e => e.FollowerId is not null && e.AccountId is not null
            && e.Type is WeChatEventTypes.Subscribe or WeChatEventTypes.Unsubscribe or WeChatEventTypes.Scan).ToList();
        if (relevant.Count == 0)
        {
            return;
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var ids = relevant.Select(e => e.FollowerId!.Value).Distinct().ToList();
        var members = new Dictionary<long, WeChatChannelMember>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var member in await db.Set<WeChatChannelMember>().Where(m => chunk.Contains(m.FollowerId)).ToListAsync(cancellationToken))
            {
                members[member.FollowerId] = member;
            }
        }

        foreach (var e in relevant)
        {
            var followerId = e.FollowerId!.Value;
            var scene = string.IsNullOrEmpty(e.Subject) ? null : e.Subject;
            members.TryGetValue(followerId, out var member);
            switch (e.Type)
            {
                case WeChatEventTypes.Scan when scene is not null:
                    Hit(db, e, scene, WeChatChannelHit.ScanKind);
                    break;
                case WeChatEventTypes.Subscribe:
                    if (scene is not null)
                    {
                        Hit(db, e, scene, WeChatChannelHit.ScanKind);
                        Hit(db, e, scene, member is null ? WeChatChannelHit.NewFollowKind : WeChatChannelHit.RefollowKind);
                    }

                    if (member is null)
                    {
                        member = new WeChatChannelMember { FollowerId = followerId, AppId = e.AccountId!, FirstScene = scene, FirstSubscribedUtc = e.OccurredUtc };
                        members[followerId] = member;
                        db.Add(member);
                    }

                    member.Subscribed = true;
                    member.UnsubscribedUtc = null;
                    break;
                case WeChatEventTypes.Unsubscribe:
                    if (member is null)
                    {
                        // Subscribed before the ledger began: known now, so a later subscribe is a re-follow.
                        member = new WeChatChannelMember { FollowerId = followerId, AppId = e.AccountId!, FirstSubscribedUtc = e.OccurredUtc };
                        members[followerId] = member;
                        db.Add(member);
                    }

                    member.Subscribed = false;
                    member.UnsubscribedUtc = e.OccurredUtc;
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatChannelHit>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<WeChatChannelMember>().ExecuteDeleteAsync(cancellationToken);
    }

    private static void Hit(DbContext db, BehaviourEvent e, string scene, string kind) =>
        db.Add(new WeChatChannelHit { AppId = e.AccountId!, Scene = scene, FollowerId = e.FollowerId!.Value, Kind = kind, OccurredUtc = e.OccurredUtc, Position = e.Position });
}
