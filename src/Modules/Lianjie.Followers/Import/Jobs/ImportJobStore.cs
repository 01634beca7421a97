using System.Text.Json;
using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>Import jobs and their uploaded files (kept under the data directory).</summary>
public sealed class ImportJobStore(DbSession session, SiteOptions site, TimeProvider clock)
{
    public string Folder => Path.Combine(site.DataDirectory, "imports");

    /// <summary>Stores an upload and creates its draft job.</summary>
    public async Task<ImportJobRecord> CreateAsync(string fileName, Stream content, string createdBy, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var extension = Path.GetExtension(fileName).ToLowerInvariant() is ".xlsx" ? ".xlsx" : ".csv";
        var stored = Path.Combine(Folder, Guid.NewGuid().ToString("N") + extension);
        try
        {
            await using var file = File.Create(stored);
            await content.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            File.Delete(stored); // an upload cut short or over the limit leaves nothing behind
            throw;
        }

        return await AddAsync(new ImportJobRecord { FileName = Path.GetFileName(fileName), StoredPath = stored, CreatedBy = createdBy }, cancellationToken);
    }

    public async Task<ImportJobRecord> AddAsync(ImportJobRecord job, CancellationToken cancellationToken = default)
    {
        job.CreatedUtc = clock.GetUtcNow().UtcDateTime;
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    public async Task<ImportJobRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ImportJobRecord>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<ImportJobRecord>> RecentAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ImportJobRecord>().AsNoTracking().OrderByDescending(j => j.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The oldest waiting job, claimed (pending → running) so no other worker takes it. With
    /// <paramref name="includeInterrupted"/> (a worker starting up), a job left running by a stopped
    /// process is resumed too.
    /// </summary>
    public async Task<ImportJobRecord?> ClaimNextAsync(bool includeInterrupted, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var candidates = await db.Set<ImportJobRecord>().AsNoTracking()
            .Where(j => j.Status == ImportJobStatus.Pending || (includeInterrupted && j.Status == ImportJobStatus.Running))
            .OrderBy(j => j.Id).Take(10).ToListAsync(cancellationToken);
        foreach (var job in candidates)
        {
            await using var claim = await session.CreateCommandAsync("UPDATE \"ImportJobs\" SET \"Status\" = @running WHERE \"Id\" = @id AND \"Status\" = @was", cancellationToken);
            claim.AddParameter("running", ImportJobStatus.Running);
            claim.AddParameter("id", job.Id);
            claim.AddParameter("was", job.Status);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                job.Status = ImportJobStatus.Running;
                return job;
            }
        }

        return null;
    }

    /// <summary>Removes a draft job that never got a usable file (an empty or refused upload), with its file.</summary>
    public async Task DeleteDraftAsync(ImportJobRecord job, CancellationToken cancellationToken = default)
    {
        await using (var command = await session.CreateCommandAsync("DELETE FROM \"ImportJobs\" WHERE \"Id\" = @id AND \"Status\" = @draft", cancellationToken))
        {
            command.AddParameter("id", job.Id);
            command.AddParameter("draft", ImportJobStatus.Draft);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        File.Delete(job.StoredPath);
    }

    public async Task UpdateAsync(ImportJobRecord job, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        db.Update(job);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Saves a chunk's progress only if no other worker moved the job meanwhile (a shell swap starts
    /// the new worker before the old one stops); false means this run must stop.
    /// </summary>
    public async Task<bool> AdvanceAsync(ImportJobRecord job, long previousRowsRead, CancellationToken cancellationToken = default)
    {
        await using var command = await session.CreateCommandAsync(
            "UPDATE \"ImportJobs\" SET \"RowsRead\" = @read, \"RowsImported\" = @imported, \"RowsFailed\" = @failed, \"Status\" = @status WHERE \"Id\" = @id AND \"RowsRead\" = @previous",
            cancellationToken);
        command.AddParameter("read", job.RowsRead);
        command.AddParameter("imported", job.RowsImported);
        command.AddParameter("failed", job.RowsFailed);
        command.AddParameter("status", job.Status);
        command.AddParameter("id", job.Id);
        command.AddParameter("previous", previousRowsRead);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<ImportJobErrorRecord>> ErrorsAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ImportJobErrorRecord>().AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.RowNumber).ThenBy(e => e.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Writes the job's error file (row, column, reason, then the original cells) and returns its path.</summary>
    public async Task<string> WriteErrorFileAsync(ImportJobRecord job, CancellationToken cancellationToken = default)
    {
        var header = ReadHeader(job.StoredPath);
        var path = Path.Combine(Folder, $"errors-{job.Id}.csv");
        Directory.CreateDirectory(Folder);
        await using var file = File.Create(path);
        await using var writer = new ImportErrorFileWriter(file, header);
        foreach (var error in await ErrorsAsync(job.Id, cancellationToken))
        {
            writer.Write(new ImportRowError(error.RowNumber, error.Column, error.Reason), JsonSerializer.Deserialize<string[]>(error.Cells) ?? []);
        }

        return path;
    }

    private static IReadOnlyList<string> ReadHeader(string path)
    {
        try
        {
            using var reader = FollowerFileReader.Open(path);
            return reader.Header;
        }
        catch (Exception e) when (e is FollowerImportException or IOException)
        {
            return [];
        }
    }
}
