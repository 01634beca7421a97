using System.Data.Common;
using Lianjie.Core.Data;

namespace Lianjie.Core.Ledger;

/// <summary>Reads of the ledger restricted to a reactor's event types and a position range.</summary>
internal static class LedgerTypeFilter
{
    /// <summary>Events of the given types in (after, upTo], oldest first, at most <paramref name="max"/>.</summary>
    public static async Task<IReadOnlyList<BehaviourEvent>> ReadAsync(DbSession session, IReadOnlySet<string> types, long after, long upTo, int max, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(session, types, after, upTo, $"{LedgerSql.Select} WHERE", $"ORDER BY \"Position\" LIMIT {Math.Clamp(max, 1, 10_000)}", cancellationToken);
        return await LedgerSql.ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Whether (after, upTo] holds any event of the given types (an index range scan, nothing deserialised).</summary>
    public static async Task<bool> AnyAsync(DbSession session, IReadOnlySet<string> types, long after, long upTo, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(session, types, after, upTo, "SELECT 1 FROM \"LedgerEvents\" WHERE", "LIMIT 1", cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken) is not (null or DBNull);
    }

    private static async Task<DbCommand> CommandAsync(DbSession session, IReadOnlySet<string> types, long after, long upTo, string head, string tail, CancellationToken cancellationToken)
    {
        var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
        var typeClause = types.Count == 0 ? "1 = 0" : $"\"Type\" IN ({command.AddParameterList("t", types)})";
        command.CommandText = $"{head} \"Position\" > @after AND \"Position\" <= @upTo AND {typeClause} {tail}";
        command.AddParameter("after", after);
        command.AddParameter("upTo", upTo);
        return command;
    }
}

/// <summary>
/// What this process learnt while scanning for a filtered reactor: "no event of these types in
/// (From, To]". The ledger is append-only and an event's type never changes, so the fact stays true;
/// it lets the reactor skip that stretch without moving its checkpoint in a write transaction.
/// </summary>
internal sealed class LedgerScanMarks
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Mark> _marks = new(StringComparer.Ordinal);

    /// <summary>Where to start reading after <paramref name="checkpoint"/>: past a known empty stretch when one covers it.</summary>
    public long StartAfter(string reactor, IReadOnlySet<string> types, long checkpoint) =>
        _marks.TryGetValue(reactor, out var mark) && mark.Types.SetEquals(types) && checkpoint >= mark.From && checkpoint < mark.To ? mark.To : checkpoint;

    public void Record(string reactor, IReadOnlySet<string> types, long from, long to)
    {
        if (to > from)
        {
            _marks[reactor] = new Mark(new HashSet<string>(types, StringComparer.Ordinal), from, to);
        }
    }

    private sealed record Mark(HashSet<string> Types, long From, long To);
}
