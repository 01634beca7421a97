using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Persistence;

namespace Lianjie.Workflows.Counting;

/// <summary>
/// Per (follower, counter key, day) event counts, bumped by the workflows reactor as events pass,
/// so "≥ N within D days" is a sum over at most D rows instead of a ledger scan.
/// </summary>
public sealed class FollowerCounters(DbSession session)
{
    public async Task AddAsync(BehaviourEvent e, CancellationToken cancellationToken)
    {
        if (e.FollowerId is not { } followerId)
        {
            return;
        }

        foreach (var key in CounterKeys.Of(e))
        {
            await session.ExecuteAsync(
                """
                INSERT INTO "WorkflowCounters" ("FollowerId", "CounterKey", "Day", "Count") VALUES (@f, @k, @d, 1)
                ON CONFLICT ("FollowerId", "CounterKey", "Day") DO UPDATE SET "Count" = "WorkflowCounters"."Count" + 1
                """,
                cancellationToken,
                ("f", followerId),
                ("k", key),
                ("d", CounterKeys.DayOf(e.OccurredUtc)));
        }
    }

    /// <summary>Events counted for the follower and key in the <paramref name="days"/> days ending on <paramref name="untilUtc"/> (inclusive).</summary>
    public async Task<long> CountAsync(long followerId, string key, int days, DateTime untilUtc, CancellationToken cancellationToken)
    {
        var last = CounterKeys.DayOf(untilUtc);
        return await session.ScalarLongAsync(
            "SELECT COALESCE(SUM(\"Count\"), 0) FROM \"WorkflowCounters\" WHERE \"FollowerId\" = @f AND \"CounterKey\" = @k AND \"Day\" > @from AND \"Day\" <= @to",
            cancellationToken,
            ("f", followerId),
            ("k", key),
            ("from", last - Math.Max(1, days)),
            ("to", last));
    }

    public Task ResetAsync(CancellationToken cancellationToken) =>
        session.ExecuteAsync("DELETE FROM \"WorkflowCounters\"", cancellationToken);
}
