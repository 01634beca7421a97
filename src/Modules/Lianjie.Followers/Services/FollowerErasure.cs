using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Search;

namespace Lianjie.Followers.Services;

/// <summary>
/// The right to erasure (PIPL): personal fields go, the openid becomes "erased-{id}" so a later
/// subscribe by the same person is a new follower, consents stay as proof, and the follower's
/// ledger events stay (totals must not change) with payloads cut to amount and currency.
/// </summary>
public sealed class FollowerErasure(DbSession session, IBehaviourLedger ledger, FollowerIndexAccessor indexes, TimeProvider clock)
{
    public const string ErasedEventType = "follower.erased";

    public async Task<bool> EraseAsync(long followerId, string by, CancellationToken cancellationToken = default)
    {
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var update = await session.CreateCommandAsync(
                "UPDATE \"Followers\" SET \"Nickname\" = NULL, \"Remark\" = NULL, \"UnionId\" = NULL, \"Profile\" = '{}', \"Tags\" = '', " +
                "\"OpenId\" = @openId, \"ErasedUtc\" = @now WHERE \"Id\" = @id AND \"ErasedUtc\" IS NULL",
                cancellationToken))
            {
                update.AddParameter("openId", "erased-" + followerId.ToString(CultureInfo.InvariantCulture));
                update.AddParameter("now", clock.GetUtcNow().UtcDateTime);
                update.AddParameter("id", followerId);
                if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    await session.RollbackAsync();
                    return false;
                }
            }

            await AnonymiseLedgerAsync(followerId, cancellationToken);
            await ledger.AppendInTransactionAsync(session, new BehaviourEventDraft(ErasedEventType, followerId, Source: "admin:" + by), cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }

        indexes.TryGet()?.Delete(followerId);
        return true;
    }

    /// <summary>Keeps only numeric amounts and the currency, so revenue totals still add up.</summary>
    internal static string? StripPayload(string? payload)
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

    private async Task AnonymiseLedgerAsync(long followerId, CancellationToken cancellationToken)
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

        // Dedupe keys of WeChat events embed the openid; subjects can name forms or keywords typed.
        foreach (var (position, payload) in events)
        {
            await using var write = await session.CreateCommandAsync(
                "UPDATE \"LedgerEvents\" SET \"Payload\" = @p, \"DedupeKey\" = @k WHERE \"Position\" = @pos", cancellationToken);
            write.AddParameter("p", StripPayload(payload));
            write.AddParameter("k", "erased:" + position.ToString(CultureInfo.InvariantCulture));
            write.AddParameter("pos", position);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
