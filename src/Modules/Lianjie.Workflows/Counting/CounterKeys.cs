using System.Text.Json.Nodes;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Crm;

namespace Lianjie.Workflows.Counting;

/// <summary>
/// Which counters an event bumps: one for its type ("content.read") and one per tag-like payload
/// value ("content.read:interestTag=肝病", "commerce.purchase:productTag=X", "event.registered:tag=Y").
/// Subjects are not counted per value: they are unbounded (every article) and filters rarely need them counted.
/// </summary>
public static class CounterKeys
{
    // Payload array → singular key part.
    private static readonly (string Field, string Part)[] TagFields =
    [
        ("interestTags", "interestTag"),
        ("productTags", "productTag"),
        ("tags", "tag"),
        ("tag", "tag"),
    ];

    public static string For(string eventType, string? part = null, string? value = null) =>
        part is null || string.IsNullOrEmpty(value) ? eventType : $"{eventType}:{part}={value}";

    /// <summary>The event's counter keys; <paramref name="payload"/> is its parsed payload when the caller has it already.</summary>
    public static IReadOnlyList<string> Of(BehaviourEvent e, JsonObject? payload = null)
    {
        var keys = new List<string> { e.Type };
        payload ??= e.PayloadObject();
        foreach (var (field, part) in TagFields)
        {
            foreach (var value in CrmEventInput.Strings(payload[field]).Where(v => v.Length is > 0 and <= 100))
            {
                keys.Add(For(e.Type, part, value));
            }
        }

        return [.. keys.Distinct(StringComparer.Ordinal)];
    }

    public static int DayOf(DateTime utc) => DateOnly.FromDateTime(utc).DayNumber;
}
