using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Models;

namespace Lianjie.Followers.Reactors;

/// <summary>
/// Keeps each follower's subscription state, first source, counters, last seen and current tag
/// names in step with the ledger. Runs in the reactor's transaction, so each event counts once.
/// </summary>
public sealed class FollowerProjectionReactor(DbSession session) : ILedgerReactor
{
    public const string ReactorName = "followers.projection";

    public string Name => ReactorName;

    /// <summary>Set-based: one read and one write pass per batch, so bulk tagging's events go by in a few large transactions.</summary>
    public int BatchSize => 5000;

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var ids = events.SelectMany(Affected).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var followers = await FollowerProjectionStore.LoadAsync(session, ids, cancellationToken);
        var before = followers.ToDictionary(p => p.Key, p => FollowerProjectionStore.Copy(p.Value));
        var tagNames = new TagNamesByPayload();
        foreach (var e in events)
        {
            if (e.FollowerId is { } id && followers.TryGetValue(id, out var follower))
            {
                Apply(follower, e, followers, tagNames);
            }
        }

        var changed = followers.Values.OrderBy(f => f.Id)
            .Select(f => (Row: f, ChangedColumns: FollowerProjectionStore.ChangedColumns(before[f.Id], f)))
            .Where(c => c.ChangedColumns != 0).ToList();
        await FollowerProjectionStore.WriteAsync(session, changed, cancellationToken);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            "UPDATE \"Followers\" SET \"Reads\" = 0, \"Shares\" = 0, \"Registrations\" = 0, \"Purchases\" = 0, \"PurchaseAmount\" = 0, \"Tags\" = ''",
            cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<long> Affected(BehaviourEvent e)
    {
        if (e.FollowerId is { } id)
        {
            yield return id;
        }

        if (e.Type == BehaviourEventTypes.ContentShareOpen && SharerOf(e) is { } sharer)
        {
            yield return sharer;
        }
    }

    internal static void Apply(FollowerRecord follower, BehaviourEvent e, IReadOnlyDictionary<long, FollowerRecord> others, TagNamesByPayload? tagNames = null)
    {
        if (e.OccurredUtc > follower.LastSeenUtc && e.Type is not (BehaviourEventTypes.TagAdded or BehaviourEventTypes.TagRemoved))
        {
            follower.LastSeenUtc = e.OccurredUtc;
        }

        tagNames ??= new TagNamesByPayload();
        switch (e.Type)
        {
            case BehaviourEventTypes.WeChatSubscribe:
                follower.Subscribed = true;
                follower.SubscribedUtc = e.OccurredUtc;
                follower.FirstSource ??= string.IsNullOrEmpty(e.Subject) ? "wechat" : "qr:" + e.Subject;
                break;
            case BehaviourEventTypes.WeChatUnsubscribe:
                follower.Subscribed = false;
                follower.UnsubscribedUtc = e.OccurredUtc;
                break;
            case BehaviourEventTypes.ContentRead:
                follower.Reads++;
                break;
            case BehaviourEventTypes.ContentShareOpen:
                if (SharerOf(e) is { } sharer && others.TryGetValue(sharer, out var sharerRecord) && sharer != follower.Id)
                {
                    sharerRecord.Shares++;
                    follower.ReferrerFollowerId ??= sharer;
                    follower.FirstSource ??= "share:" + sharer.ToString(CultureInfo.InvariantCulture);
                }

                break;
            case BehaviourEventTypes.EventRegistered:
                follower.Registrations++;
                break;
            case BehaviourEventTypes.EventCancelled:
                follower.Registrations = Math.Max(0, follower.Registrations - 1);
                break;
            case BehaviourEventTypes.CommercePurchase:
                follower.Purchases++;
                follower.PurchaseAmount += Amount(e.PayloadObject());
                break;
            case BehaviourEventTypes.TagAdded:
                follower.Tags = TagSet.With(follower.Tags, tagNames.Of(e));
                break;
            case BehaviourEventTypes.TagRemoved:
                follower.Tags = TagSet.Without(follower.Tags, tagNames.Of(e));
                break;
        }
    }

    private static long? SharerOf(BehaviourEvent e) =>
        e.PayloadObject()["sharerFollowerId"] is JsonValue v && v.TryGetValue<long>(out var id) ? id : null;

    private static decimal Amount(JsonObject payload) => payload["amount"] switch
    {
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 0,
    };
}

/// <summary>
/// A tag event's names, parsed once per distinct payload text: a bulk call's events share one payload,
/// so a batch of 5,000 imported followers' tag.added events is one JSON parse instead of 5,000.
/// </summary>
internal sealed class TagNamesByPayload
{
    private readonly Dictionary<string, string[]> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Of(BehaviourEvent e)
    {
        if (e.Payload is not { } text)
        {
            return [];
        }

        if (!_names.TryGetValue(text, out var names))
        {
            _names[text] = names = TagEventPayload.Names(e.PayloadObject()).ToArray();
        }

        return names;
    }
}

/// <summary>Tag names stored as "|a|b|" so a LIKE on "|a|" matches one whole tag.</summary>
public static class TagSet
{
    public static string With(string current, IEnumerable<string> add)
    {
        // The common case after an import or a repeat: every name is already there, nothing to rebuild.
        var names = add as IReadOnlyCollection<string> ?? add.ToList();
        return current.Length > 0 && names.All(n => Holds(current, n)) ? current : Format(Parse(current).Union(names, StringComparer.Ordinal));
    }

    public static string Without(string current, IEnumerable<string> remove)
    {
        var names = remove as IReadOnlyCollection<string> ?? remove.ToList();
        return names.Any(n => Holds(current, n)) ? Format(Parse(current).Except(names, StringComparer.Ordinal)) : current;
    }

    /// <summary>Whether the stored set holds this exact name ("|name|").</summary>
    private static bool Holds(string stored, string name) =>
        name.Length > 0 && !name.Contains('|') && stored.AsSpan().IndexOf(string.Concat("|", name, "|").AsSpan(), StringComparison.Ordinal) >= 0;

    public static IEnumerable<string> Parse(string stored) => stored.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static string Format(IEnumerable<string> tags)
    {
        var list = tags.Where(t => t.Length > 0 && !t.Contains('|')).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? string.Empty : "|" + string.Join("|", list) + "|";
    }
}
