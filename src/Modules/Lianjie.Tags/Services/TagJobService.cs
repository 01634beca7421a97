using System.Text.Json;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Tags.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Tags.Services;

/// <summary>
/// Bulk tagging as resumable jobs: each chunk of followers (in id order) commits its tags and events,
/// then the job's progress moves past it. A restart redoes at most one chunk, which changes nothing.
/// </summary>
public sealed class TagJobService(DbSession session, TagService tags, IFollowerDirectory directory, AuditLog audit, TagJobSignal signal, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TagJobRecord> EnqueueAsync(string kind, string tagName, FollowerFilter? filter, IReadOnlyList<long>? followerIds, string? by, CancellationToken cancellationToken = default)
    {
        var tag = await tags.FindTagAsync(tagName.Trim(), cancellationToken) ?? throw new ArgumentException($"The tag '{tagName}' does not exist.");
        if (filter is null && (followerIds is null || followerIds.Count == 0))
        {
            throw new ArgumentException("Choose followers: a selection or a filter.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ids = followerIds?.Distinct().Order().ToList();
        var job = new TagJobRecord
        {
            Kind = kind,
            Tag = tag.Name,
            Filter = ids is null ? JsonSerializer.Serialize(filter, Json) : null,
            FollowerIds = ids is null ? null : JsonSerializer.Serialize(ids, Json),
            Total = ids?.Count ?? -1,
            By = by,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            db.Add(job);
            await db.SaveChangesAsync(cancellationToken);
        }

        signal.Pulse();
        await audit.RecordAsync($"tags.bulk-{kind}", tag.Name, ids is null ? $"job {job.Id}, filter {job.Filter}" : $"job {job.Id}, {ids.Count} selected followers", cancellationToken: cancellationToken);
        return job;
    }

    /// <summary>Deleting a tag held by many followers: the job removes it chunk by chunk, then deletes it.</summary>
    public async Task<TagJobRecord> EnqueueDeleteAsync(TagRecord tag, int holders, string? by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var job = new TagJobRecord { Kind = TagJobKinds.Delete, Tag = tag.Name, Total = holders, By = by, CreatedUtc = now, UpdatedUtc = now };
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Pulse();
        await audit.RecordAsync("tags.delete-queued", tag.Name, $"job {job.Id}, {holders} followers", cancellationToken: cancellationToken);
        return job;
    }

    public async Task<TagJobRecord?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<TagJobRecord>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    public async Task<(IReadOnlyList<TagJobRecord> Items, int Total)> ListAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var total = await db.Set<TagJobRecord>().CountAsync(cancellationToken);
        return (await db.Set<TagJobRecord>().AsNoTracking().OrderByDescending(j => j.Id).Skip(skip).Take(take).ToListAsync(cancellationToken), total);
    }

    /// <summary>Runs one chunk of the oldest unfinished job; false when there is nothing to do.</summary>
    public async Task<bool> RunNextChunkAsync(int chunkSize, CancellationToken cancellationToken)
    {
        TagJobRecord? job;
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            job = await db.Set<TagJobRecord>().AsNoTracking()
                .Where(j => j.Status == TagJobStatuses.Queued || j.Status == TagJobStatuses.Running)
                .OrderBy(j => j.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (job is null)
        {
            return false;
        }

        try
        {
            await RunChunkAsync(job, chunkSize, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            job.Status = TagJobStatuses.Failed;
            job.Message = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            await SaveAsync(job, cancellationToken);
            throw;
        }

        return true;
    }

    private async Task RunChunkAsync(TagJobRecord job, int chunkSize, CancellationToken cancellationToken)
    {
        var tag = await tags.FindTagAsync(job.Tag, cancellationToken);
        if (tag is null)
        {
            job.Status = TagJobStatuses.Failed;
            job.Message = $"The tag '{job.Tag}' no longer exists.";
            await SaveAsync(job, cancellationToken);
            return;
        }

        if (job.Total < 0)
        {
            // Counted here, not in the request, so starting a job over a million followers never blocks the page.
            job.Total = await CountAsync(job, cancellationToken);
        }

        job.Status = TagJobStatuses.Running;
        var ids = job.Kind == TagJobKinds.Delete
            ? await TagSql.FollowersOfAsync(session, tag.Id, job.LastFollowerId, chunkSize, cancellationToken)
            : await NextIdsAsync(job, chunkSize, cancellationToken);
        if (ids.Count == 0)
        {
            if (job.Kind == TagJobKinds.Delete)
            {
                await TagSql.ExecuteAsync(session, $"DELETE FROM \"Tags\" WHERE \"Id\" = {tag.Id}", cancellationToken);
                await audit.RecordAsync("tags.deleted", tag.Name, $"job {job.Id}: removed from {job.Done} followers", job.By, cancellationToken);
            }

            job.Status = TagJobStatuses.Completed;
            await SaveAsync(job, cancellationToken);
            return;
        }

        // The chunk's tags, events and the job's progress commit together: one write turn per chunk
        // (on SQLite each turn may wait behind the reactors), and a restart resumes exactly after it.
        var origin = new TagChangeOrigin("admin", job.By, $"bulk job {job.Id}");
        var (done, last, refusedSoFar) = (job.Done, job.LastFollowerId, job.Refused);
        try
        {
            await WriteChunkAsync(job, tag, ids, origin, cancellationToken);
        }
        catch
        {
            (job.Done, job.LastFollowerId, job.Refused) = (done, last, refusedSoFar); // rolled back: not done
            throw;
        }
    }

    private async Task WriteChunkAsync(TagJobRecord job, TagRecord tag, List<long> ids, TagChangeOrigin origin, CancellationToken cancellationToken)
    {
        if (job.Kind == TagJobKinds.Add)
        {
            await tags.ApplyAsync(
                ids.Select(id => (id, new List<TagRecord> { tag })).ToList(),
                origin,
                cancellationToken,
                plans => AdvanceAsync(job, ids, plans.Sum(p => p.Refused.Count), cancellationToken));
        }
        else
        {
            await tags.InTransactionAsync(
                async () =>
                {
                    await tags.RemoveManyAsync(tag, ids, origin, job.Kind == TagJobKinds.Delete ? "deleted" : null, cancellationToken);
                    await AdvanceAsync(job, ids, 0, cancellationToken);
                    return 0;
                },
                cancellationToken);
        }
    }

    private Task AdvanceAsync(TagJobRecord job, List<long> ids, int refused, CancellationToken cancellationToken)
    {
        job.Refused += refused;
        job.Done += ids.Count;
        job.LastFollowerId = ids[^1];
        return SaveAsync(job, cancellationToken);
    }

    private async Task<int> CountAsync(TagJobRecord job, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in directory.QueryIdsAsync(FilterOf(job), cancellationToken))
        {
            count++;
        }

        return count;
    }

    private async Task<List<long>> NextIdsAsync(TagJobRecord job, int chunkSize, CancellationToken cancellationToken)
    {
        if (job.FollowerIds is not null)
        {
            return JsonSerializer.Deserialize<List<long>>(job.FollowerIds, Json)!.Where(id => id > job.LastFollowerId).Take(chunkSize).ToList();
        }

        // Ids stream in id order, so a chunk (and a resumed job) starts after the last finished follower.
        var ids = new List<long>(chunkSize);
        await foreach (var id in directory.QueryIdsAsync(FilterOf(job) with { AfterFollowerId = job.LastFollowerId }, cancellationToken))
        {
            if (id <= job.LastFollowerId)
            {
                continue; // a directory that ignores AfterFollowerId
            }

            ids.Add(id);
            if (ids.Count == chunkSize)
            {
                break;
            }
        }

        return ids;
    }

    private static FollowerFilter FilterOf(TagJobRecord job) =>
        job.Filter is null ? new FollowerFilter() : JsonSerializer.Deserialize<FollowerFilter>(job.Filter, Json) ?? new FollowerFilter();

    private async Task SaveAsync(TagJobRecord job, CancellationToken cancellationToken)
    {
        job.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Update(job);
        await db.SaveChangesAsync(cancellationToken);
    }
}
