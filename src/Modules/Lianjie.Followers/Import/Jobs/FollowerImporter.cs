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
public sealed class FollowerImporter(DbSession session, ImportJobStore jobs, FollowerIndexAccessor indexes, IBehaviourLedger ledger, SiteOptions site, IServiceProvider services, TimeProvider clock)
{
    public const int DefaultChunkSize = 5000;

    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>False skips search indexing (e.g. a bulk load followed by a full reindex).</summary>
    public bool UpdateSearchIndex { get; set; } = true;

    public async Task<ImportJobRecord> RunAsync(ImportJobRecord job, IProgress<ImportChunkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        job.Status = ImportJobStatus.Running;
        await jobs.UpdateAsync(job, cancellationToken);
        try
        {
            using var reader = FollowerFileReader.Open(job.StoredPath);
            var map = FollowerColumnMap.FromHeader(reader.Header, job.MapLines);
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

        job.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        await jobs.UpdateAsync(job, CancellationToken.None);
        if (UpdateSearchIndex)
        {
            InlineIndex()?.Commit();
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
            await session.BeginTransactionAsync(cancellationToken);
            try
            {
                var writer = new FollowerBatchWriter(session, clock);
                (ids, var writeErrors) = await writer.WriteAsync(job.AccountId, valid, cancellationToken);
                var refused = tagService is null ? [] : await ApplyTagsAsync(job, tagService, valid, ids, tagsColumn, cancellationToken);
                if (refused.Count > 0)
                {
                    await session.RollbackAsync();
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
                if (UpdateSearchIndex && imported > 0 && InlineIndex() is null)
                {
                    // The server's search reactor indexes these from the ledger (now, or when it next starts).
                    await ledger.AppendInTransactionAsync(session, ImportedFollowersEvent.Draft(job.Id, previous, ids.Values.Distinct().ToList()), cancellationToken);
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
                throw;
            }
        }

        if (UpdateSearchIndex && InlineIndex() is { } index && ids.Count > 0)
        {
            await using var db = await session.CreateContextAsync(cancellationToken);
            var distinct = ids.Values.Distinct().ToList();
            var documents = new List<Lianjie.Search.Index.FollowerSearchDocument>(distinct.Count);
            foreach (var part in distinct.Chunk(1000))
            {
                var rows = await db.Set<FollowerRecord>().AsNoTracking().Where(f => part.Contains(f.Id)).ToListAsync(cancellationToken);
                documents.AddRange(rows.Select(FollowerSearchDocuments.From));
            }

            await index.UpsertAsync(documents, cancellationToken); // one index refresh per chunk
        }
    }

    /// <summary>
    /// The index this process may write: never from the command line, where the server may hold the
    /// folder (or open it later) and two Lucene writers on one folder would corrupt it.
    /// </summary>
    private Lianjie.Search.Index.FollowerSearchIndex? InlineIndex() => site.RunBackgroundServices ? indexes.TryGet() : null;

    private static async Task<List<ImportRowError>> ApplyTagsAsync(ImportJobRecord job, IFollowerTagService tags, List<FollowerImportRow> rows, Dictionary<int, long> ids, string tagsColumn, CancellationToken cancellationToken)
    {
        var assignments = rows.Where(r => r.Tags.Count > 0 && ids.ContainsKey(r.RowNumber))
            .GroupBy(r => ids[r.RowNumber])
            .Select(g => new FollowerTagAssignment(g.Key, g.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        if (assignments.Count == 0)
        {
            return [];
        }

        var result = await tags.AddManyAsync(assignments, new TagChangeOrigin("import", job.CreatedBy, job.FileName), job.CreateUnknownTags, cancellationToken);
        var rowsByFollower = ids.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        return result.Refused
            .SelectMany(r => rowsByFollower.GetValueOrDefault(r.FollowerId, []).Select(row => new ImportRowError(row, tagsColumn, Reason(r))))
            .ToList();
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
