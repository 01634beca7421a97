using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Outbox;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Reactors;

/// <summary>
/// Turns "wechat.message_requested" events (appended by workflow tasks and other modules) into
/// outbox items, inside the reactor's transaction and keyed by ledger position, so each request is
/// queued exactly once. Customer-service messages are only allowed within WeChat's 48 hours after
/// the follower last wrote to or interacted with the account; outside it they are dropped and logged.
/// </summary>
public sealed class MessageRequestReactor(IFollowerDirectory followers, IBehaviourLedger ledger, WeChatOutbox outbox, TimeProvider clock, ILogger<MessageRequestReactor> logger) : ILedgerReactor
{
    public const string ReactorName = "wechat.messages";
    public const string RequestedEventType = "wechat.message_requested";
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(48);

    public string Name => ReactorName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>([RequestedEventType], StringComparer.Ordinal);

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events.Where(e => e.Type == RequestedEventType && e.FollowerId is not null))
        {
            var follower = await followers.FindAsync(e.FollowerId!.Value, cancellationToken);
            if (follower is null || string.IsNullOrEmpty(follower.AccountId))
            {
                logger.LogWarning("Message request {Position} skipped: follower {Follower} has no WeChat account", e.Position, e.FollowerId);
                continue;
            }

            var request = e.PayloadObject();
            var kind = request["kind"]?.GetValue<string>();
            var dedupeKey = "ledger:" + e.Position.ToString(CultureInfo.InvariantCulture);
            if (kind == "template")
            {
                var body = new JsonObject
                {
                    ["touser"] = follower.OpenId,
                    ["template_id"] = request["templateId"]?.GetValue<string>(),
                    ["url"] = request["url"]?.DeepClone(),
                    ["data"] = request["data"]?.DeepClone() ?? new JsonObject(),
                };
                await outbox.EnqueueAsync(follower.AccountId, WeChatOutboxKinds.TemplateMessage, body, dedupeKey, cancellationToken);
            }
            else if (kind == "customer_service")
            {
                if (!await WithinWindowAsync(follower.Id, cancellationToken))
                {
                    logger.LogInformation("Customer-service message {Position} to follower {Follower} dropped: outside WeChat's 48-hour window", e.Position, follower.Id);
                    continue;
                }

                var body = new JsonObject
                {
                    ["touser"] = follower.OpenId,
                    ["msgtype"] = "text",
                    ["text"] = new JsonObject { ["content"] = request["text"]?.GetValue<string>() ?? string.Empty },
                };
                await outbox.EnqueueAsync(follower.AccountId, WeChatOutboxKinds.CustomMessage, body, dedupeKey, cancellationToken);
            }
            else
            {
                logger.LogWarning("Message request {Position} has unknown kind '{Kind}'", e.Position, kind);
            }
        }
    }

    /// <summary>True when the follower's latest event from WeChat itself is less than 48 hours old.</summary>
    private async Task<bool> WithinWindowAsync(long followerId, CancellationToken cancellationToken)
    {
        var (recent, _) = await ledger.QueryAsync(new LedgerQuery(FollowerId: followerId, Take: 50), cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime - CustomerServiceWindow;
        return recent.Any(r => r.Source == "wechat" && r.OccurredUtc >= since && r.Type != BehaviourEventTypes.WeChatUnsubscribe);
    }
}
