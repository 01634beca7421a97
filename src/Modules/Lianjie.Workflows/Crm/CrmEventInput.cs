using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm;

/// <summary>
/// How a behaviour event enters a workflow: its fields under fixed names in the workflow input
/// (readable from scripts as input('followerId'), input('payload') …).
/// </summary>
public static class CrmEventInput
{
    public const string FollowerId = "followerId";
    public const string EventType = "eventType";
    public const string Subject = "subject";
    public const string Payload = "payload";
    public const string Position = "position";
    public const string OccurredUtc = "occurredUtc";

    /// <summary>Set by a retroactive apply: count filters were already checked against history.</summary>
    public const string Retroactive = "retroactive";

    public static JsonObject From(BehaviourEvent e) => new()
    {
        [FollowerId] = e.FollowerId,
        [EventType] = e.Type,
        [Subject] = e.Subject,
        [Payload] = JsonStrings.Decode(e.PayloadObject()),
        [Position] = e.Position,
        [OccurredUtc] = e.OccurredUtc.ToString("O", CultureInfo.InvariantCulture),
    };

    public static long? GetFollowerId(JsonObject input) =>
        input[FollowerId] is JsonValue v && v.TryGetValue<long>(out var id) ? id : null;

    public static long GetPosition(JsonObject input) =>
        input[Position] is JsonValue v && v.TryGetValue<long>(out var p) ? p : 0;

    public static string? GetSubject(JsonObject input) => Text(input[Subject]);

    public static JsonObject GetPayload(JsonObject input) => input[Payload] as JsonObject ?? [];

    public static DateTime? GetOccurredUtc(JsonObject input) =>
        Text(input[OccurredUtc]) is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    public static bool IsRetroactive(JsonObject input) => input[Retroactive] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>A payload value as strings: a string, a number, or every string of an array.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(Text).OfType<string>()],
        JsonValue => Text(node) is { } s ? [s] : [],
        _ => [],
    };

    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    public static decimal? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
