using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Lianjie.Workflows.Counting;

/// <summary>
/// Per (follower, counter key, day) event counts, bumped by the workflows reactor as events pass,
/// so "≥ N within D days" is a sum over at most D rows instead of a ledger scan.
/// Inside a reactor batch (<see cref="BeginBatchAsync"/>) increments are kept in memory and written
/// with a few multi-row upserts at the end; counts read the stored rows plus those pending increments.
/// </summary>
public sealed class FollowerCounters(DbSession session)
{
    private CounterBatch? _batch;

    /// <summary>
    /// Starts a batch: loads, in one query, the stored counts for <paramref name="keys"/> of the batch's
    /// followers over the days the count filters can look at, so those checks need no query at all.
    /// </summary>
    public async Task BeginBatchAsync(IReadOnlyList<BehaviourEvent> events, IReadOnlySet<string> keys, int maxWindowDays, CancellationToken cancellationToken)
    {
        var followers = events.Select(e => e.FollowerId).OfType<long>().Distinct().ToList();
        var days = events.Where(e => e.FollowerId is not null).Select(e => CounterKeys.DayOf(e.OccurredUtc)).ToList();
        _batch = new CounterBatch();
        if (keys.Count == 0 || followers.Count == 0)
        {
            return;
        }

        _batch.PreloadedFollowers = [.. followers];
        _batch.PreloadedKeys = keys;
        _batch.FromDay = days.Min() - Math.Max(1, maxWindowDays);
        _batch.ToDay = days.Max();
        if (!session.IsSqlite)
        {
            // PostgreSQL: one prepared statement with two arrays, whatever the batch's size.
            await using var command = await session.CreateCommandAsync(
                "SELECT \"FollowerId\", \"CounterKey\", \"Day\", \"Count\" FROM \"WorkflowCounters\" WHERE \"FollowerId\" = ANY(@f) AND \"CounterKey\" = ANY(@k) AND \"Day\" > @from AND \"Day\" <= @to",
                cancellationToken);
            command.Parameters.Add(new NpgsqlParameter("f", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = followers.ToArray() });
            command.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.ToArray() });
            command.AddParameter("from", _batch.FromDay);
            command.AddParameter("to", _batch.ToDay);
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                _batch.Add(_batch.Known, reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
            }

            return;
        }

        foreach (var chunk in followers.Chunk(500))
        {
            var (inList, parameters) = InList("f", chunk.Cast<object?>());
            var (keyList, keyParameters) = InList("k", keys);
            var rows = await session.ListAsync(
                $"SELECT \"FollowerId\", \"CounterKey\", \"Day\", \"Count\" FROM \"WorkflowCounters\" WHERE \"FollowerId\" IN ({inList}) AND \"CounterKey\" IN ({keyList}) AND \"Day\" > @from AND \"Day\" <= @to",
                r => (Follower: r.GetInt64(0), Key: r.GetString(1), Day: r.GetInt32(2), Count: (long)r.GetInt32(3)),
                cancellationToken,
                [.. parameters, .. keyParameters, ("from", _batch.FromDay), ("to", _batch.ToDay)]);
            foreach (var row in rows)
            {
                _batch.Add(_batch.Known, row.Follower, row.Key, row.Day, row.Count);
            }
        }
    }

    /// <summary>Forgets the batch without writing (the batch was rolled back).</summary>
    public void AbandonBatch() => _batch = null;

    /// <summary>Writes the batch's increments with multi-row upserts and leaves batch mode.</summary>
    public async Task CompleteBatchAsync(CancellationToken cancellationToken)
    {
        var batch = _batch;
        _batch = null;
        if (batch is null)
        {
            return;
        }

        var rows = batch.Pending.SelectMany(p => p.Value.Select(d => new object?[] { p.Key.Follower, p.Key.Key, d.Key, (int)d.Value })).ToList();
        await BulkRows.ExecuteAsync(
            session,
            "INSERT INTO \"WorkflowCounters\" (\"FollowerId\", \"CounterKey\", \"Day\", \"Count\")",
            "ON CONFLICT (\"FollowerId\", \"CounterKey\", \"Day\") DO UPDATE SET \"Count\" = \"WorkflowCounters\".\"Count\" + excluded.\"Count\"",
            [BulkColumn.Bigint, BulkColumn.Text, BulkColumn.Integer, BulkColumn.Integer],
            rows,
            cancellationToken);
    }

    public Task AddAsync(BehaviourEvent e, CancellationToken cancellationToken) => AddAsync(e, null, cancellationToken);

    /// <summary>Bumps the event's counters; <paramref name="payload"/> is its parsed payload when the caller has it already.</summary>
    public async Task AddAsync(BehaviourEvent e, JsonObject? payload, CancellationToken cancellationToken)
    {
        if (e.FollowerId is not { } followerId)
        {
            return;
        }

        var day = CounterKeys.DayOf(e.OccurredUtc);
        foreach (var key in CounterKeys.Of(e, payload))
        {
            if (_batch is { } batch)
            {
                batch.Add(batch.Pending, followerId, key, day, 1);
                if (batch.Covers(followerId, key))
                {
                    batch.Add(batch.Known, followerId, key, day, 1);
                }

                continue;
            }

            await session.ExecuteAsync(
                """
                INSERT INTO "WorkflowCounters" ("FollowerId", "CounterKey", "Day", "Count") VALUES (@f, @k, @d, 1)
                ON CONFLICT ("FollowerId", "CounterKey", "Day") DO UPDATE SET "Count" = "WorkflowCounters"."Count" + 1
                """,
                cancellationToken,
                ("f", followerId),
                ("k", key),
                ("d", day));
        }
    }

    /// <summary>Events counted for the follower and key in the <paramref name="days"/> days ending on <paramref name="untilUtc"/> (inclusive).</summary>
    public async Task<long> CountAsync(long followerId, string key, int days, DateTime untilUtc, CancellationToken cancellationToken)
    {
        var last = CounterKeys.DayOf(untilUtc);
        var first = last - Math.Max(1, days);
        if (_batch is { } batch && batch.Covers(followerId, key) && first >= batch.FromDay && last <= batch.ToDay)
        {
            return CounterBatch.Sum(batch.Known, followerId, key, first, last);
        }

        var stored = await session.ScalarLongAsync(
            "SELECT COALESCE(SUM(\"Count\"), 0) FROM \"WorkflowCounters\" WHERE \"FollowerId\" = @f AND \"CounterKey\" = @k AND \"Day\" > @from AND \"Day\" <= @to",
            cancellationToken,
            ("f", followerId),
            ("k", key),
            ("from", first),
            ("to", last));

        // Increments of the running batch are not stored yet.
        return stored + (_batch is null ? 0 : CounterBatch.Sum(_batch.Pending, followerId, key, first, last));
    }

    public Task ResetAsync(CancellationToken cancellationToken) =>
        session.ExecuteAsync("DELETE FROM \"WorkflowCounters\"", cancellationToken);

    private static (string Sql, (string, object?)[] Parameters) InList(string prefix, IEnumerable<object?> values)
    {
        var parameters = values.Select((v, i) => ($"{prefix}{i}", v)).ToArray();
        return (string.Join(", ", parameters.Select(p => "@" + p.Item1)), parameters);
    }

    private sealed class CounterBatch
    {
        /// <summary>Stored rows of the preloaded (follower, key) pairs plus this batch's increments to them.</summary>
        public Dictionary<(long Follower, string Key), Dictionary<int, long>> Known { get; } = [];

        /// <summary>This batch's increments, to be written at the end.</summary>
        public Dictionary<(long Follower, string Key), Dictionary<int, long>> Pending { get; } = [];

        public HashSet<long> PreloadedFollowers { get; set; } = [];

        public IReadOnlySet<string> PreloadedKeys { get; set; } = new HashSet<string>();

        public int FromDay { get; set; }

        public int ToDay { get; set; }

        public bool Covers(long followerId, string key) => PreloadedFollowers.Contains(followerId) && PreloadedKeys.Contains(key);

        public void Add(Dictionary<(long, string), Dictionary<int, long>> map, long followerId, string key, int day, long count)
        {
            if (!map.TryGetValue((followerId, key), out var byDay))
            {
                map[(followerId, key)] = byDay = [];
            }

            byDay[day] = byDay.GetValueOrDefault(day) + count;
        }

        public static long Sum(Dictionary<(long, string), Dictionary<int, long>> map, long followerId, string key, int afterDay, int untilDay) =>
            map.TryGetValue((followerId, key), out var byDay) ? byDay.Where(d => d.Key > afterDay && d.Key <= untilDay).Sum(d => d.Value) : 0;
    }
}
