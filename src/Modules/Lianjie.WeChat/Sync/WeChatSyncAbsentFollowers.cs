using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Sync;

/// <summary>
/// The end of a full sync: followers Lianjie holds as subscribed to the account that WeChat's user
/// list did not contain unsubscribed while nobody was watching. Each batch of the walk records the
/// followers it saw under the run's id (in the batch's transaction), so a resumed run knows them
/// all; only a run that walked the whole list marks anyone, through the ledger, so the follower
/// projection, the channel funnel and workflows see an ordinary wechat.unsubscribe.
/// </summary>
public sealed class WeChatSyncAbsentFollowers(DbSession session, IFollowerDirectory followers, IBehaviourLedger ledger, TimeProvider clock)
{
    public const string Source = "sync";

    /// <summary>Unsubscribes appended per transaction.</summary>
    public const int MarkBatch = 100;

    /// <summary>Remembers, inside the caller's open transaction, that these followers were in the run's user list.</summary>
    public async Task RecordSeenAsync(string appId, long runId, IReadOnlyCollection<long> followerIds, CancellationToken cancellationToken)
    {
        if (followerIds.Count == 0)
        {
            return;
        }

        var sql = new StringBuilder("INSERT INTO \"WeChatFollowerSyncSeen\" (\"AppId\", \"FollowerId\", \"RunId\") VALUES ");
        await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
        command.AddParameter("a", appId);
        command.AddParameter("r", runId);
        var i = 0;
        foreach (var id in followerIds.Distinct())
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"(@a, @f{i}, @r)");
            command.AddParameter("f" + i.ToString(CultureInfo.InvariantCulture), id);
            i++;
        }

        sql.Append(" ON CONFLICT (\"AppId\", \"FollowerId\") DO UPDATE SET \"RunId\" = excluded.\"RunId\"");
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Appends a wechat.unsubscribe (source "sync", dedupe key per run and follower) for every
    /// subscribed follower of the account the run did not see. Safe to repeat after a crash: the
    /// dedupe key drops what an earlier attempt committed. Returns how many it appended.
    /// </summary>
    public async Task<int> MarkAsync(WeChatFollowerSyncRun run, Func<int, CancellationToken, Task> committed, CancellationToken cancellationToken)
    {
        var absent = await AbsentAsync(run, cancellationToken);
        var marked = 0;
        foreach (var chunk in absent.Chunk(MarkBatch))
        {
            var drafts = new List<BehaviourEventDraft>();
            foreach (var followerId in chunk)
            {
                if (await StillSubscribedAsync(followerId, run.StartedUtc, cancellationToken) && await followers.FindAsync(followerId, cancellationToken) is { } follower)
                {
                    drafts.Add(Unsubscribe(run, follower));
                }
            }

            if (drafts.Count == 0)
            {
                continue;
            }

            await session.BeginTransactionAsync(cancellationToken);
            try
            {
                var appended = await ledger.AppendManyInTransactionAsync(session, drafts, cancellationToken);
                await committed(appended, cancellationToken);
                await session.CommitAsync(cancellationToken);
                marked += appended;
            }
            catch
            {
                await session.RollbackAsync();
                throw;
            }
        }

        return marked;
    }

    /// <summary>Subscribed followers of the account (as the projection has them) that no batch of this run saw.</summary>
    private async Task<List<long>> AbsentAsync(WeChatFollowerSyncRun run, CancellationToken cancellationToken)
    {
        var subscribed = new List<long>();
        await foreach (var id in followers.QueryIdsAsync(new FollowerFilter(Subscribed: true, AccountId: run.AppId), cancellationToken))
        {
            subscribed.Add(id);
        }

        var absent = new List<long>();
        await using var db = await session.CreateContextAsync(cancellationToken);
        foreach (var chunk in subscribed.Chunk(1000))
        {
            var seen = await db.Set<WeChatFollowerSyncSeen>().AsNoTracking()
                .Where(s => s.AppId == run.AppId && s.RunId == run.Id && chunk.Contains(s.FollowerId))
                .Select(s => s.FollowerId).ToListAsync(cancellationToken);
            absent.AddRange(chunk.Except(seen));
        }

        return absent;
    }

    /// <summary>
    /// The ledger, not the projection, decides (the projection may lag): the latest of subscribe and
    /// unsubscribe must be a subscribe (or neither, e.g. an import), and no subscribe may have come in
    /// since the run began (WeChat's list was read before that follower arrived).
    /// </summary>
    private async Task<bool> StillSubscribedAsync(long followerId, DateTime runStartedUtc, CancellationToken cancellationToken)
    {
        var subscribe = await LatestAsync(followerId, BehaviourEventTypes.WeChatSubscribe, cancellationToken);
        if (subscribe is not null && subscribe.RecordedUtc >= runStartedUtc)
        {
            return false;
        }

        var unsubscribe = await LatestAsync(followerId, BehaviourEventTypes.WeChatUnsubscribe, cancellationToken);
        return unsubscribe is null || (subscribe is not null && subscribe.Position > unsubscribe.Position);
    }

    private async Task<BehaviourEvent?> LatestAsync(long followerId, string type, CancellationToken cancellationToken) =>
        (await ledger.QueryAsync(new LedgerQuery(FollowerId: followerId, Type: type, Take: 1), cancellationToken)).Items.FirstOrDefault();

    private BehaviourEventDraft Unsubscribe(WeChatFollowerSyncRun run, FollowerRef follower) => new(
        BehaviourEventTypes.WeChatUnsubscribe,
        follower.Id,
        null,
        new JsonObject { ["Event"] = "unsubscribe", ["FromUserName"] = follower.OpenId, ["sync"] = true, ["runId"] = run.Id },
        clock.GetUtcNow().UtcDateTime,
        Source,
        DedupeKey(run.AppId, run.Id, follower.Id),
        run.AppId);

    public static string DedupeKey(string appId, long runId, long followerId) =>
        string.Create(CultureInfo.InvariantCulture, $"wechat:{appId}:sync:{runId}:unsubscribe:{followerId}");
}

/// <summary>The last sync run whose user list contained the follower (one row per follower and account).</summary>
public sealed class WeChatFollowerSyncSeen
{
    public string AppId { get; set; } = string.Empty;

    public long FollowerId { get; set; }

    public long RunId { get; set; }
}
