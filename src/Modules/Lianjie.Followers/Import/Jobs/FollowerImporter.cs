using System.Text.Json;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Shells;
using Lianjie.Followers.Models;
using Lianjie.Followers.Search;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>What the importer reports after each committed chunk.</summary>
public readonly record struct ImportChunkProgress(long RowsRead, long RowsImported, long RowsFailed);

/// <summary>
/// Runs an import job: reads the file, validates rows, and commits chunks of ~5,000 rows — each
/// chunk (followers, tags, errors and the job's progress) in one transaction, so a restart resumes
/// after the last committed row and a bad row is never half-imported.
/// </summary>
public sealed class FollowerImporter(DbSession session, ImportJobStore jobs, FollowerIndexAccessor indexes, FollowerIndexQueue indexQueue, IBehaviourLedger ledger, SiteOptions site, IServiceProvider services, TimeProvider clock)
{
    public const int DefaultChunkSize = 5000;

    /// <summary>
    /// The origin source of the tags an import applies. The search reactor leaves their tag events to the
    /// importer, which indexes (or has the server index) every follower it wrote, tags included.
    /// </summary>
    public const string TagSource = "import";

    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>
    /// False leaves the imported followers out of the search index for now (a bulk load followed by a full
    /// reindex); the ledger still names them, so a rebuild from position zero indexes them.
    /// </summary>
    public bool UpdateSearchIndex { get; set; } = true;

    /// <summary>
    /// Imports estimated at this many rows or more, and at least as many as the table holds, drop
    /// "IX_Followers_LastSeenUtc" while they run and build it once at the end (see <see cref="LastSeenIndex"/>).
    /// </summary>
    public long DropLastSeenIndexFromRows { get; set; } = 200_000;

    public async Task<ImportJobRecord> RunAsync(ImportJobRecord job, IProgress<ImportChunkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        job.Status = ImportJobStatus.Running;
        await jobs.UpdateAsync(job, cancellationToken);
        var droppedIndex = false;
        try
        {
            using var reader = FollowerFileReader.Open(job.StoredPath);
            var map = FollowerColumnMap.FromHeader(reader.Header, job.MapLines);
            if (await LastSeenIndex.WorthDroppingAsync(session, new FileInfo(job.StoredPath).Length, DropLastSeenIndexFromRows, cancellationToken))
            {
                droppedIndex = true;
                await LastSeenIndex.DropAsync(session, cancellationToken);
            }

            var tagService = services.GetService(typeof(IFollowerTagService)) as IFollowerTagService;
            var tagsColumn = map.ColumnFor(FollowerField.Tags)?.Header ?? "tags";
            var reading = new ValidatedChunkReader(reader, new FollowerRowValidator(map), ChunkSize, job.RowsRead, tagService is not null, tagsColumn);

            // Reading and validating the next chunks (CPU) overlaps with writing this one (the database).
            await foreach (var chunk in reading.ReadAsync(cancellationToken))
            {
                // A chunk read ahead comes back without waiting, so a stop between chunks is checked here.
                cancellationToken.ThrowIfCancellationRequested();
                await CommitChunkAsync(job, chunk, tagService, tagsColumn, cancellationToken);
                progress?.Report(new ImportChunkProgress(job.RowsRead, job.RowsImported, job.RowsFailed));
            }

            job.Status = ImportJobStatus.Completed;
        }
        catch (FollowerImportException e)
        {
            job.Status = ImportJobStatus.Failed;
            job.Message = e.Message;
        }
        catch (ImportTakenOverException)
        {
            return job; // the other worker owns the job now and will finish it
        }
        finally
        {
            if (droppedIndex)
            {
                // Also after a failure or a stop: the table is never left without it by a live process.
                await LastSeenIndex.EnsureAsync(session, CancellationToken.None);
            }
        }

        job.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        await jobs.UpdateAsync(job, CancellationToken.None);
        if (UpdateSearchIndex && InlineIndex() is { } index)
        {
            // The queue's worker has been writing the chunks' documents meanwhile; write the rest now.
            await indexQueue.FlushAsync(CancellationToken.None);
            index.Commit();
        }

        return job;
    }

    private async Task CommitChunkAsync(ImportJobRecord job, ValidatedChunk chunk, IFollowerTagService? tagService, string tagsColumn, CancellationToken cancellationToken)
    {
        var errors = chunk.Errors;
        var valid = chunk.Valid;

        // A refused tag fails its whole row: roll back and write the chunk again without it.
        Dictionary<int, long> ids;
        while (true)
        {
            long? covered = null;
            await session.BeginTransactionAsync(cancellationToken);
            try
            {
                var writer = new FollowerBatchWriter(session, clock);
                (ids, var storedTags, var writeErrors) = await writer.WriteAsync(job.AccountId, valid, cancellationToken);
                var refused = tagService is null ? [] : await ApplyTagsAsync(job, tagService, valid, ids, storedTags, tagsColumn, cancellationToken);
                if (refused.Count > 0)
                {
                    await session.RollbackAsync();
                    indexQueue.Uncover(covered);
                    var failedRows = refused.Select(r => r.RowNumber).ToHashSet();
                    errors.AddRange(refused);
                    valid = valid.Where(r => !failedRows.Contains(r.RowNumber)).ToList();
                    continue;
                }

                errors.AddRange(writeErrors);
                var imported = ids.Count;
                var previous = job.RowsRead;
                job.RowsRead += chunk.Rows.Count;
                job.RowsImported += imported;
                job.RowsFailed += errors.Select(e => e.RowNumber).Distinct().Count();
                await SaveErrorsAsync(job.Id, chunk.Rows, errors, cancellationToken);
                if (imported > 0)
                {
                    // The chunk's followers on the ledger: the server's search reactor indexes them from this
                    // event (from the command line; and on a rebuild from position zero, once the projection
                    // has replayed their tags), unless this process has already queued them itself.
                    var appended = await ledger.AppendInTransactionAsync(session, ImportedFollowersEvent.Draft(job.Id, previous, ids.Values.Distinct().ToList()), cancellationToken);
                    if (InlineIndex() is not null)
                    {
                        covered = appended.Event.Position;
                        indexQueue.Cover(covered.Value);
                    }
                }

                if (!await jobs.AdvanceAsync(job, previous, cancellationToken))
                {
                    throw new ImportTakenOverException(job.Id);
                }

                await session.CommitAsync(cancellationToken);
                break;
            }
            catch
            {
                await session.RollbackAsync();
                indexQueue.Uncover(covered);
                throw;
            }
        }

        if (UpdateSearchIndex && InlineIndex() is not null && ids.Count > 0)
        {
            // The queue writes these documents from the committed rows (tags included), after any
            // drain already reading older rows: one writer, in order, refreshing once per drain.
            indexQueue.Enqueue(ids.Values, upToPosition: 0);
        }
    }

    /// <summary>
    /// The index this process may write: never from the command line, where the server may hold the
    /// folder (or open it later) and two Lucene writers on one folder would corrupt it.
    /// </summary>
    private Lianjie.Search.Index.FollowerSearchIndex? InlineIndex() => site.RunBackgroundServices ? indexes.TryGet() : null;

    private async Task<List<ImportRowError>> ApplyTagsAsync(ImportJobRecord job, IFollowerTagService tags, List<FollowerImportRow> rows, Dictionary<int, long> ids, Dictionary<long, string> storedTags, string tagsColumn, CancellationToken cancellationToken)
    {
        var assignments = rows.Where(r => r.Tags.Count > 0 && ids.ContainsKey(r.RowNumber))
            .GroupBy(r => ids[r.RowNumber])
            .Select(g => new FollowerTagAssignment(g.Key, g.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        if (assignments.Count == 0)
        {
            return [];
        }

        var result = await tags.AddManyAsync(assignments, new TagChangeOrigin(TagSource, job.CreatedBy, job.FileName), job.CreateUnknownTags, cancellationToken);
        var rowsByFollower = ids.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var refused = result.Refused
            .SelectMany(r => rowsByFollower.GetValueOrDefault(r.FollowerId, []).Select(row => new ImportRowError(row, tagsColumn, Reason(r))))
            .ToList();
        if (refused.Count == 0)
        {
            // The rows' "Tags" as the tag service left them, so the projection has nothing to redo.
            var corrections = ImportedTagsColumn.Corrections(storedTags, assignments.Select(a => (a.FollowerId, a.Tags)), result.TagsAfter);
            await ImportedTagsColumn.WriteAsync(session, corrections, cancellationToken);
        }

        return refused;
    }

    private static string Reason(RefusedTag refused) => refused.Status switch
    {
        TagChangeStatus.UnknownTag => $"unknown tag '{refused.Tag}' (create it first, or choose \"create unknown tags\")",
        TagChangeStatus.RefusedNoConsent => $"tag '{refused.Tag}' needs the follower's consent",
        TagChangeStatus.RefusedLimit => $"tag '{refused.Tag}' is over the tag limit",
        _ => $"tag '{refused.Tag}' was refused: {refused.Message}",
    };

    private async Task SaveErrorsAsync(long jobId, List<RawRow> chunk, List<ImportRowError> errors, CancellationToken cancellationToken)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var cells = chunk.ToDictionary(r => r.RowNumber, r => r.Cells);
        await using var db = await session.CreateContextAsync(cancellationToken);
        foreach (var error in errors.OrderBy(e => e.RowNumber))
        {
            db.Add(new ImportJobErrorRecord
            {
                JobId = jobId,
                RowNumber = error.RowNumber,
                Column = error.Column,
                Reason = error.Reason,
                Cells = JsonSerializer.Serialize(cells.GetValueOrDefault(error.RowNumber, [])),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Another worker committed a chunk of this job first; this run stops without writing.</summary>
public sealed class ImportTakenOverException(long jobId) : Exception($"Import {jobId} is being run by another worker.");
