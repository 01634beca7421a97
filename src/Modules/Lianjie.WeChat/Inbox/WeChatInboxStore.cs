using System.Data.Common;
using System.Globalization;
using Lianjie.Core.Data;

namespace Lianjie.WeChat.Inbox;

/// <summary>
/// The inbox reactor's writes in plain SQL: it runs inside the reactor's transaction, which on SQLite
/// holds the only write lock that callbacks need to append, so a batch must be a few statements.
/// </summary>
internal static class WeChatInboxStore
{
    private const int RowsPerStatement = 100;

    /// <summary>Ledger positions in [from, to] that already have a message (a batch replayed after a rebuild race).</summary>
    public static async Task<HashSet<long>> RecordedAsync(DbSession session, long from, long to, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            "SELECT \"LedgerPosition\" FROM \"WeChatConversationMessages\" WHERE \"LedgerPosition\" >= @from AND \"LedgerPosition\" <= @to", cancellationToken);
        command.AddParameter("from", from);
        command.AddParameter("to", to);
        var recorded = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded.Add(reader.GetInt64(0));
        }

        return recorded;
    }

    /// <summary>
    /// Adds each batch's changes to its thread, creating the thread if needed, and gives every delta
    /// its thread's id. Counts add up and the newer message wins in SQL, so the rows are never read
    /// first (the reactor holds the write lock meanwhile).
    /// </summary>
    /// <param name="deltas">One per (AppId, FollowerId): this batch's message and unread counts, newest message, preview and inbound time.</param>
    public static async Task UpsertConversationsAsync(DbSession session, IReadOnlyList<WeChatConversation> deltas, CancellationToken cancellationToken)
    {
        const string Insert = "INSERT INTO \"WeChatConversations\" AS c (\"AppId\", \"FollowerId\", \"OpenId\", \"LastMessageUtc\", \"LastInboundUtc\", \"Preview\", \"UnreadCount\", \"MessageCount\") VALUES ";
        const string Row = "(@a{0}, @f{0}, @o{0}, @lm{0}, @li{0}, @p{0}, @u{0}, @m{0})";
        const string Merge =
            " ON CONFLICT (\"AppId\", \"FollowerId\") DO UPDATE SET " +
            "\"MessageCount\" = c.\"MessageCount\" + excluded.\"MessageCount\", " +
            "\"UnreadCount\" = c.\"UnreadCount\" + excluded.\"UnreadCount\", " +
            "\"Preview\" = CASE WHEN excluded.\"LastMessageUtc\" >= c.\"LastMessageUtc\" THEN excluded.\"Preview\" ELSE c.\"Preview\" END, " +
            "\"LastMessageUtc\" = CASE WHEN excluded.\"LastMessageUtc\" >= c.\"LastMessageUtc\" THEN excluded.\"LastMessageUtc\" ELSE c.\"LastMessageUtc\" END, " +
            "\"LastInboundUtc\" = CASE WHEN c.\"LastInboundUtc\" IS NULL OR excluded.\"LastInboundUtc\" > c.\"LastInboundUtc\" THEN COALESCE(excluded.\"LastInboundUtc\", c.\"LastInboundUtc\") ELSE c.\"LastInboundUtc\" END " +
            "RETURNING \"Id\", \"AppId\", \"FollowerId\"";
        if (session.IsSqlite)
        {
            // In-process: one prepared statement re-bound per row. A long multi-statement text costs
            // far more, as each statement is prepared and bound by name against every parameter.
            await using var single = await session.CreateCommandAsync(Insert + string.Format(CultureInfo.InvariantCulture, Row, string.Empty) + Merge, cancellationToken);
            foreach (var delta in deltas)
            {
                single.Parameters.Clear();
                AddDelta(single, delta, string.Empty);
                await using var reader = await single.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                delta.Id = reader.GetInt64(0);
            }

            return;
        }

        // PostgreSQL: many rows per statement, one round trip (the deltas have distinct keys, as ON CONFLICT needs).
        foreach (var chunk in deltas.Chunk(RowsPerStatement))
        {
            await using var upsert = await session.CreateCommandAsync(string.Empty, cancellationToken);
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var s = i.ToString(CultureInfo.InvariantCulture);
                rows.Add(string.Format(CultureInfo.InvariantCulture, Row, s));
                AddDelta(upsert, chunk[i], s);
            }

            upsert.CommandText = Insert + string.Join(", ", rows) + Merge;
            var byKey = chunk.ToDictionary(d => (d.AppId, d.FollowerId));
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                byKey[(reader.GetString(1), reader.GetInt64(2))].Id = reader.GetInt64(0);
            }
        }
    }

    private static void AddDelta(DbCommand command, WeChatConversation delta, string s)
    {
        command.AddParameter("a" + s, delta.AppId);
        command.AddParameter("f" + s, delta.FollowerId);
        command.AddParameter("o" + s, delta.OpenId);
        AddState(command, delta, s);
    }

    public static async Task InsertMessagesAsync(DbSession session, IReadOnlyList<WeChatConversationMessage> messages, CancellationToken cancellationToken)
    {
        const string Insert = "INSERT INTO \"WeChatConversationMessages\" (\"ConversationId\", \"LedgerPosition\", \"Direction\", \"MsgType\", \"Text\", \"Detail\", \"OccurredUtc\", \"SentBy\", \"OutboxDedupeKey\") VALUES ";
        const string Row = "(@c{0}, @l{0}, @d{0}, @t{0}, @x{0}, @e{0}, @o{0}, @b{0}, @k{0})";
        if (session.IsSqlite)
        {
            // One prepared single-row statement re-bound per row (see SaveConversationsAsync).
            await using var single = await session.CreateCommandAsync(Insert + string.Format(CultureInfo.InvariantCulture, Row, string.Empty), cancellationToken);
            foreach (var message in messages)
            {
                single.Parameters.Clear();
                AddMessage(single, message, string.Empty);
                await single.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        foreach (var chunk in messages.Chunk(RowsPerStatement))
        {
            await using var insert = await session.CreateCommandAsync(string.Empty, cancellationToken);
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var s = i.ToString(CultureInfo.InvariantCulture);
                rows.Add(string.Format(CultureInfo.InvariantCulture, Row, s));
                AddMessage(insert, chunk[i], s);
            }

            insert.CommandText = Insert + string.Join(", ", rows);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void AddMessage(DbCommand command, WeChatConversationMessage m, string s)
    {
        command.AddParameter("c" + s, m.ConversationId);
        command.AddParameter("l" + s, m.LedgerPosition);
        command.AddParameter("d" + s, m.Direction);
        command.AddParameter("t" + s, m.MsgType);
        command.AddParameter("x" + s, (object?)m.Text ?? DBNull.Value);
        command.AddParameter("e" + s, (object?)m.Detail ?? DBNull.Value);
        command.AddParameter("o" + s, Utc(m.OccurredUtc));
        command.AddParameter("b" + s, (object?)m.SentBy ?? DBNull.Value);
        command.AddParameter("k" + s, (object?)m.OutboxDedupeKey ?? DBNull.Value);
    }

    private static void AddState(DbCommand command, WeChatConversation conversation, string suffix)
    {
        command.AddParameter("lm" + suffix, Utc(conversation.LastMessageUtc));
        command.AddParameter("li" + suffix, conversation.LastInboundUtc is { } inbound ? Utc(inbound) : DBNull.Value);
        command.AddParameter("p" + suffix, (object?)conversation.Preview ?? DBNull.Value);
        command.AddParameter("u" + suffix, conversation.UnreadCount);
        command.AddParameter("m" + suffix, conversation.MessageCount);
    }

    /// <summary>Stored and read as UTC, as the EF model's converter does.</summary>
    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
