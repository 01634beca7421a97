using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Sync;

/// <summary>
/// Full follower sync of one account: walks the user list (10,000 openids a page, continued from
/// next_openid), fetches profiles 100 at a time, upserts the followers, records their subscription
/// and re-pushes mirrored tags. Each batch of 100 commits together with the run's progress, so a
/// crash or a stop resumes exactly after the last committed batch: every follower once. Only once
/// the whole list has been walked are subscribed followers it did not contain marked unsubscribed.
/// </summary>
public sealed class WeChatFollowerSync(
    DbSession session,
    WeChatApiClient client,
    IFollowerDirectory followers,
    IBehaviourLedger ledger,
    WeChatOutbox outbox,
    WeChatSyncAbsentFollowers absent,
    IServiceProvider services,
    AuditLog audit,
    TimeProvider clock,
    ILogger<WeChatFollowerSync> logger)
{
    public const int ProfilesPerCall = 100;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Starts a run, or resumes the account's unfinished one (stopped, crashed or failed).</summary>
    public async Task<WeChatFollowerSyncRun> StartAsync(string appId, string startedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var run = await db.Set<WeChatFollowerSyncRun>().Where(r => r.AppId == appId && r.State != WeChatFollowerSyncState.Completed).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var resumed = run is not null;
        if (run is null)
        {
            run = new WeChatFollowerSyncRun { AppId = appId, State = WeChatFollowerSyncState.Running, StartedBy = startedBy, StartedUtc = now };
            db.Add(run);
        }

        run.State = WeChatFollowerSyncState.Running;
        run.UpdatedUtc = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(resumed ? "wechat.sync.resume" : "wechat.sync.start", appId, $"run {run.Id}", cancellationToken: cancellationToken);
        return run;
    }

    public async Task<WeChatFollowerSyncRun?> LatestAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatFollowerSyncRun>().AsNoTracking().Where(r => r.AppId == appId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Runs to the end unless another host holds the run. Platform errors stop it as Failed (resumable) and are rethrown.</summary>
    public async Task<WeChatFollowerSyncRun> RunAsync(long runId, Action<WeChatFollowerSyncRun>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!await ClaimAsync(runId, cancellationToken))
        {
            throw new InvalidOperationException($"Sync run {runId} is being run by another host, or is not running.");
        }

        var run = await LoadAsync(runId, cancellationToken);
        try
        {
            while (true)
            {
                var query = new Dictionary<string, string>();
                if (run.Cursor.Length > 0)
                {
                    query["next_openid"] = run.Cursor;
                }

                var page = await client.GetAsync(run.AppId, "/cgi-bin/user/get", query, cancellationToken);
                var openIds = (page["data"]?["openid"] as JsonArray ?? []).Select(o => o!.GetValue<string>()).ToList();
                var next = page["next_openid"]?.GetValue<string>() ?? string.Empty;
                run.Total = page["total"] is JsonValue total && total.TryGetValue<int>(out var t) ? t : run.Total;

                // An empty page, or a cursor that did not move (a page without next_openid), ends the walk.
                if (openIds.Count == 0 || (run.PageOffset >= openIds.Count && (next.Length == 0 || next == run.Cursor)))
                {
                    // The whole list was walked: now (and only now) the followers it lacked are gone.
                    await absent.MarkAsync(run, async (marked, ct) =>
                    {
                        run.Unsubscribed += marked;
                        run.LeaseUntilUtc = clock.GetUtcNow().UtcDateTime + Lease;
                        await SaveAsync(run, ct);
                        progress?.Invoke(run);
                    }, cancellationToken);
                    run.State = WeChatFollowerSyncState.Completed;
                    run.CompletedUtc = clock.GetUtcNow().UtcDateTime;
                    run.LeaseUntilUtc = null;
                    run.LastError = null;
                    await SaveAsync(run, cancellationToken);
                    progress?.Invoke(run);
                    logger.LogInformation("Follower sync {RunId} of {AppId} completed: {Followers} followers in {Pages} pages, {Unsubscribed} marked unsubscribed", run.Id, run.AppId, run.Followers, run.Pages, run.Unsubscribed);
                    return run;
                }

                foreach (var batch in openIds.Skip(run.PageOffset).Chunk(ProfilesPerCall))
                {
                    await SyncBatchAsync(run, batch, cancellationToken);
                    progress?.Invoke(run);
                }

                if (next.Length == 0 || next == run.Cursor)
                {
                    // No cursor to continue from: stay on this page (fully done) and let the check above finish the run.
                    continue;
                }

                // The page is done: move the cursor on and start the next page from its first openid.
                run.Cursor = next;
                run.PageOffset = 0;
                run.Pages++;
                run.LeaseUntilUtc = clock.GetUtcNow().UtcDateTime + Lease;
                await SaveAsync(run, cancellationToken);
            }
        }
        catch (Exception e) when (e is WeChatApiException or HttpRequestException or TimeoutException)
        {
            await StopAsync(run.Id, e.Message);
            logger.LogWarning("Follower sync {RunId} of {AppId} stopped at page {Pages} (+{Offset}); start it again to resume: {Error}", run.Id, run.AppId, run.Pages, run.PageOffset, e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Stopped (shutdown, Ctrl+C): release the lease so the next start resumes at once.
            await StopAsync(run.Id, null);
            throw;
        }
    }

    private async Task SyncBatchAsync(WeChatFollowerSyncRun run, string[] batch, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["user_list"] = new JsonArray(batch.Select(o => (JsonNode)new JsonObject { ["openid"] = o, ["lang"] = "zh_CN" }).ToArray()) };
        var response = await client.PostAsync(run.AppId, "/cgi-bin/user/info/batchget", body, cancellationToken);
        var infos = (response["user_info_list"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var tagService = services.GetService<IFollowerTagService>();

        List<WeChatMirroredTag> mirrored;
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            mirrored = await db.Set<WeChatMirroredTag>().AsNoTracking().Where(m => m.AppId == run.AppId && m.WeChatTagId != null).ToListAsync(cancellationToken);
        }

        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            var pushes = new Dictionary<(long TagId, bool Add), List<string>>();
            var seen = new List<long>(infos.Count);
            foreach (var info in infos)
            {
                var openId = info["openid"]!.GetValue<string>();
                var unionId = info["unionid"]?.GetValue<string>() is { Length: > 0 } u ? u : null;
                var follower = (await followers.ResolveAsync(new FollowerKey(run.AppId, openId, unionId), createIfMissing: true, cancellationToken))!.Follower;
                seen.Add(follower.Id);
                if (info["subscribe"] is JsonValue s && s.GetValue<int>() == 1)
                {
                    await RecordSubscribeAsync(run.AppId, follower.Id, openId, info, cancellationToken);
                }

                if (info["nickname"]?.GetValue<string>() is { Length: > 0 } nickname)
                {
                    await followers.SetProfileFieldAsync(follower.Id, "nickname", nickname, "wechat", cancellationToken);
                }

                if (tagService is not null && mirrored.Count > 0)
                {
                    var has = (await tagService.GetAsync(follower.Id, cancellationToken)).Select(t => t.Tag).ToHashSet(StringComparer.Ordinal);
                    var onWeChat = (info["tagid_list"] as JsonArray ?? []).Select(i => i!.GetValue<long>()).ToHashSet();
                    foreach (var tag in mirrored)
                    {
                        var want = has.Contains(tag.TagName);
                        if (want != onWeChat.Contains(tag.WeChatTagId!.Value))
                        {
                            var key = (tag.TagId, want);
                            if (!pushes.TryGetValue(key, out var list))
                            {
                                pushes[key] = list = [];
                            }

                            list.Add(openId);
                        }
                    }
                }
            }

            foreach (var ((tagId, add), openIds) in pushes)
            {
                foreach (var chunk in openIds.Chunk(WeChatPlatformLimits.MaxOpenIdsPerBatchTagging))
                {
                    await outbox.EnqueueAsync(run.AppId, WeChatTagMirrorKinds.Members, MirrorMembers.Payload(tagId, add, chunk), null, cancellationToken);
                    run.TagsPushed += chunk.Length;
                }
            }

            await absent.RecordSeenAsync(run.AppId, run.Id, seen, cancellationToken);
            run.PageOffset += batch.Length;
            run.Followers += batch.Length;
            run.LeaseUntilUtc = clock.GetUtcNow().UtcDateTime + Lease;
            await SaveAsync(run, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            // The committed state is the truth: forget what this batch counted.
            var committed = await LoadAsync(run.Id, CancellationToken.None);
            (run.PageOffset, run.Followers, run.TagsPushed) = (committed.PageOffset, committed.Followers, committed.TagsPushed);
            throw;
        }
    }

    /// <summary>
    /// A subscribe event with the callback's own dedupe key (openid|subscribe_time|subscribe|qrscene_…),
    /// so a follower whose subscribe callback was recorded is not counted twice.
    /// </summary>
    private async Task RecordSubscribeAsync(string appId, long followerId, string openId, JsonObject info, CancellationToken cancellationToken)
    {
        var time = info["subscribe_time"] is JsonValue v && v.TryGetValue<long>(out var seconds) ? seconds : 0;
        var scene = info["qr_scene_str"]?.GetValue<string>() is { Length: > 0 } str ? str : null;
        var eventKey = scene is null ? string.Empty : "qrscene_" + scene;
        var dedupe = string.Create(CultureInfo.InvariantCulture, $"wechat:{appId}:{openId}|{time}|subscribe|{eventKey}");
        var payload = new JsonObject { ["Event"] = "subscribe", ["FromUserName"] = openId, ["sync"] = true };
        if (scene is not null)
        {
            payload["scene"] = scene;
        }

        await ledger.AppendInTransactionAsync(session, new BehaviourEventDraft(
            BehaviourEventTypes.WeChatSubscribe,
            followerId,
            scene,
            payload,
            DateTimeOffset.FromUnixTimeSeconds(time).UtcDateTime,
            WeChatEventRecorder.Source,
            dedupe,
            appId), cancellationToken);
    }

    private async Task<bool> ClaimAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        return await db.Set<WeChatFollowerSyncRun>()
            .Where(r => r.Id == runId && r.State == WeChatFollowerSyncState.Running && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntilUtc, until), cancellationToken) == 1;
    }

    private async Task StopAsync(long runId, string? error)
    {
        await using var db = await session.CreateContextAsync(CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        var message = error is { Length: > 1000 } ? error[..1000] : error;
        await db.Set<WeChatFollowerSyncRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(r => r.State, error == null ? WeChatFollowerSyncState.Running : WeChatFollowerSyncState.Failed)
                .SetProperty(r => r.LastError, message)
                .SetProperty(r => r.UpdatedUtc, now),
            CancellationToken.None);
    }

    private async Task<WeChatFollowerSyncRun> LoadAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatFollowerSyncRun>().AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
    }

    private async Task SaveAsync(WeChatFollowerSyncRun run, CancellationToken cancellationToken)
    {
        run.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Update(run);
        await db.SaveChangesAsync(cancellationToken);
    }
}
