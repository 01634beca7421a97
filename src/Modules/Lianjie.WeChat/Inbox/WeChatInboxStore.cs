using System.Data.Common;
using System.Globalization;
using System.Text;
using Lianjie.Core.Data;

namespace Lianjie.WeChat.Inbox;

/// <summary>
/// The inbox reactor's writes in plain SQL: it runs inside the reactor's transaction, which on SQLite
/// holds the only write lock that callbacks need to append, so a batch must be a few statements.
/// </summary>
internal static class WeChatInboxStore
{
    private const int RowsPerStatement = 100;

    private const string ConversationColumns =
        "\"Id\", \"AppId\", \"FollowerId\", \"OpenId\", \"LastMessageUtc\", \"LastInboundUtc\", \"Preview\", \"UnreadCount\", \"MessageCount\"";

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

    public static async Task<Dictionary<(string AppId, long FollowerId), WeChatConversation>> ConversationsAsync(
        DbSession session, IEnumerable<(string AppId, long FollowerId)> threads, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, long), WeChatConversation>();
        foreach (var chunk in threads.Distinct().GroupBy(t => t.AppId).SelectMany(g => g.Chunk(RowsPerStatement)))
        {
            // By (AppId, FollowerId): the unique index's order, so a large inbox is never scanned.
            await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
            command.AddParameter("a", chunk[0].AppId);
            command.CommandText = $"SELECT {ConversationColumns} FROM \"WeChatConversations\" WHERE \"AppId\" = @a AND \"FollowerId\" IN ({command.AddParameterList("f", chunk.Select(t => t.FollowerId))})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var conversation = new WeChatConversation
                {
                    Id = reader.GetInt64(0),
                    AppId = reader.GetString(1),
                    FollowerId = reader.GetInt64(2),
                    OpenId = reader.GetString(3),
                    LastMessageUtc = Utc(reader.GetDateTime(4)),
                    LastInboundUtc = reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)),
                    Preview = reader.IsDBNull(6) ? null : reader.GetString(6),
                    UnreadCount = reader.GetInt32(7),
                    MessageCount = reader.GetInt32(8),
                };
                found[(conversation.AppId, conversation.FollowerId)] = conversation;
            }
        }

        return found;
    }

    /// <summary>Inserts the new threads (giving them ids) and updates the changed ones.</summary>
    public static async Task SaveConversationsAsync(DbSession session, IEnumerable<WeChatConversation> conversations, CancellationToken cancellationToken)
    {
        var changed = conversations.Where(c => c.Id != 0).ToList(); // before the new ones get ids
        foreach (var conversation in conversations.Where(c => c.Id == 0))
        {
            await using var insert = await session.CreateCommandAsync(
                "INSERT INTO \"WeChatConversations\" (\"AppId\", \"FollowerId\", \"OpenId\", \"LastMessageUtc\", \"LastInboundUtc\", \"Preview\", \"UnreadCount\", \"MessageCount\") " +
                "VALUES (@a, @f, @o, @lm, @li, @p, @u, @m) RETURNING \"Id\"", cancellationToken);
            insert.AddParameter("a", conversation.AppId);
            insert.AddParameter("f", conversation.FollowerId);
            insert.AddParameter("o", conversation.OpenId);
            AddState(insert, conversation, string.Empty);
            conversation.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        const string Update = "UPDATE \"WeChatConversations\" SET \"LastMessageUtc\" = @lm{0}, \"LastInboundUtc\" = @li{0}, \"Preview\" = @p{0}, \"UnreadCount\" = @u{0}, \"MessageCount\" = @m{0} WHERE \"Id\" = @id{0};";
        if (session.IsSqlite)
        {
            // In-process: one prepared statement re-bound per row. A long multi-statement text costs
            // far more, as each statement is prepared and bound by name against every parameter.
            await using var update = await session.CreateCommandAsync(string.Format(CultureInfo.InvariantCulture, Update, string.Empty), cancellationToken);
            foreach (var conversation in changed)
            {
                update.Parameters.Clear();
                AddState(update, conversation, string.Empty);
                update.AddParameter("id", conversation.Id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        // PostgreSQL: several UPDATEs per command, one round trip.
        foreach (var chunk in changed.Chunk(RowsPerStatement / 2))
        {
            await using var update = await session.CreateCommandAsync(string.Empty, cancellationToken);
            var sql = new StringBuilder();
            for (var i = 0; i < chunk.Length; i++)
            {
                var s = i.ToString(CultureInfo.InvariantCulture);
                sql.Append(string.Format(CultureInfo.InvariantCulture, Update, s));
                AddState(update, chunk[i], s);
                update.AddParameter("id" + s, chunk[i].Id);
            }

            update.CommandText = sql.ToString();
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
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
