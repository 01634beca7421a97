using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;

namespace Lianjie.Core.Ledger;

/// <summary>
/// The ledger's side of the right to erasure: a follower's events stay (totals must not change),
/// but payloads are cut to amount and currency, and dedupe keys — WeChat's embed the openid — are
/// replaced. Only the ledger's owner rewrites ledger rows.
/// </summary>
public static class LedgerAnonymiser
{
    /// <summary>Keeps only numeric amounts and the currency, so revenue totals still add up.</summary>
    public static string? StripPayload(string? payload)
    {
        if (payload is null || JsonNode.Parse(payload) is not JsonObject source)
        {
            return null;
        }

        var kept = new JsonObject();
        if (source["amount"] is JsonValue amount && (amount.GetValueKind() == JsonValueKind.Number
            || (amount.TryGetValue<string>(out var text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _))))
        {
            kept["amount"] = amount.DeepClone();
        }

        if (source["currency"] is JsonValue currency && currency.TryGetValue<string>(out var code) && code.Length <= 8)
        {
            kept["currency"] = code;
        }

        return kept.Count == 0 ? null : kept.ToJsonString();
    }

    internal static async Task<int> AnonymiseFollowerAsync(DbSession session, long followerId, CancellationToken cancellationToken)
    {
        var events = new List<(long Position, string? Payload)>();
        await using (var read = await session.CreateCommandAsync("SELECT \"Position\", \"Payload\" FROM \"LedgerEvents\" WHERE \"FollowerId\" = @f", cancellationToken))
        {
            read.AddParameter("f", followerId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        foreach (var (position, payload) in events)
        {
            await using var write = await session.CreateCommandAsync(
                "UPDATE \"LedgerEvents\" SET \"Payload\" = @p, \"DedupeKey\" = @k WHERE \"Position\" = @pos", cancellationToken);
            write.AddParameter("p", StripPayload(payload));
            write.AddParameter("k", "erased:" + position.ToString(CultureInfo.InvariantCulture));
            write.AddParameter("pos", position);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        return events.Count;
    }
}
