using Lianjie.Contents.Data;
using Lianjie.Contents.Services;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Contents.Tracking;

/// <summary>
/// "New follows brought" per content item: a follower's first ever wechat.subscribe that comes
/// within the type's FollowWindowHours after their own content.view or content.share_open is
/// credited to the most recent such item. Re-subscribes and views after subscribing never count.
/// Events are taken in ledger order; the projection is rebuilt by replaying from zero.
/// </summary>
public sealed class NewFollowsReactor(DbSession session, ContentDefinitionStore definitions) : ILedgerReactor
{
    public const string ReactorName = "contents.new-follows";

    public string Name => ReactorName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>([BehaviourEventTypes.WeChatSubscribe, BehaviourEventTypes.ContentView, BehaviourEventTypes.ContentShareOpen], StringComparer.Ordinal);

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var relevant = events.Where(e => e.FollowerId is not null && IsRelevant(e)).ToList();
        if (relevant.Count == 0)
        {
            return;
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var ids = relevant.Select(e => e.FollowerId!.Value).Distinct().ToList();
        var rows = new Dictionary<long, FollowAttributionRecord>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Set<FollowAttributionRecord>().Where(r => chunk.Contains(r.FollowerId)).ToListAsync(cancellationToken))
            {
                rows[row.FollowerId] = row;
            }
        }

        var set = await definitions.LoadAsync(cancellationToken);
        foreach (var e in relevant)
        {
            var followerId = e.FollowerId!.Value;
            if (!rows.TryGetValue(followerId, out var row))
            {
                row = new FollowAttributionRecord { FollowerId = followerId };
                rows[followerId] = row;
                db.Add(row);
            }

            if (row.FirstSubscribedUtc is not null)
            {
                continue; // already followed once: nothing after that is a new follow
            }

            if (e.Type == BehaviourEventTypes.WeChatSubscribe)
            {
                row.FirstSubscribedUtc = e.OccurredUtc;
                if (row.LastTouchedUtc is { } touched && row.LastContentItemId is not null)
                {
                    var window = TimeSpan.FromHours(ContentTrackingSettings.For(set.GetTypeDefinition(row.LastContentType ?? string.Empty)).FollowWindowHours);
                    var elapsed = e.OccurredUtc - touched;
                    if (elapsed >= TimeSpan.Zero && elapsed <= window)
                    {
                        row.CreditedContentItemId = row.LastContentItemId;
                    }
                }
            }
            else if (e.Subject is { Length: > 0 } contentItemId && (row.LastTouchedUtc is null || e.OccurredUtc >= row.LastTouchedUtc))
            {
                row.LastContentItemId = contentItemId;
                row.LastContentType = e.PayloadObject()["contentType"]?.GetValue<string>();
                row.LastTouchedUtc = e.OccurredUtc;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync("DELETE FROM \"ContentFollowAttributions\"", cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsRelevant(BehaviourEvent e) =>
        e.Type is BehaviourEventTypes.WeChatSubscribe or BehaviourEventTypes.ContentView or BehaviourEventTypes.ContentShareOpen;
}
