using System.Globalization;
using Lianjie.Core.Audit;
using Lianjie.Core.Cli;
using Lianjie.Core.Followers;
using Lianjie.Followers.Export;
using Lianjie.Followers.Import;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Cli;

/// <summary>`followers import FILE …` runs an import synchronously; `followers export --out FILE …` writes a filtered list.</summary>
internal sealed class FollowersCliCommand : ICliCommand
{
    public string Verb => "followers";

    public string Usage =>
        "followers import FILE [--map col=field ...] [--create-tags|--reject-unknown-tags] [--account APPID] [--json]\n" +
        "followers export --out FILE.csv|FILE.xlsx [--tag T ...] [--q TEXT] [--json]";

    public Task<int> RunAsync(CliArguments args, CliOutput output, IServiceProvider services, CancellationToken cancellationToken) =>
        args.At(1, "action (import or export)") switch
        {
            "import" => ImportAsync(args, output, services, cancellationToken),
            "export" => ExportAsync(args, output, services, cancellationToken),
            _ => throw new CliUsageException(Usage),
        };

    private static async Task<int> ImportAsync(CliArguments args, CliOutput output, IServiceProvider services, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(args.At(2, "file to import"));
        if (!File.Exists(path))
        {
            output.Error($"{path} does not exist.");
            return 2;
        }

        var map = args.Options("map");
        try
        {
            // Check the header and map before creating a job, so a typo fails fast.
            using var reader = FollowerFileReader.Open(path);
            FollowerColumnMap.FromHeader(reader.Header, map);
        }
        catch (FollowerImportException e)
        {
            output.Error($"cannot import {Path.GetFileName(path)}: {e.Message}");
            return 1;
        }

        var store = services.GetRequiredService<ImportJobStore>();
        var job = await store.AddAsync(new ImportJobRecord
        {
            FileName = Path.GetFileName(path),
            StoredPath = path,
            AccountId = args.Option("account") ?? string.Empty,
            Map = string.Join("\n", map),
            CreateUnknownTags = args.Has("create-tags") && !args.Has("reject-unknown-tags"),
            Status = ImportJobStatus.Running, // run here, not by a server worker
            CreatedBy = AuditLog.CliUser,
        }, cancellationToken);
        var importer = services.GetRequiredService<FollowerImporter>();
        var progress = new SynchronousProgress(p => output.Progress($"{p.RowsRead:N0} rows read, {p.RowsImported:N0} imported, {p.RowsFailed:N0} failed"));
        job = await importer.RunAsync(job, progress, cancellationToken);
        string? errorFile = job.RowsFailed > 0 ? await store.WriteErrorFileAsync(job, cancellationToken) : null;
        await services.GetRequiredService<AuditLog>().RecordAsync("followers.import", "import:" + job.Id.ToString(CultureInfo.InvariantCulture), $"{job.FileName}: {job.RowsImported} imported, {job.RowsFailed} failed", cancellationToken: cancellationToken);
        if (!output.IsJson)
        {
            output.Progress(string.Empty);
        }

        var ok = job.Status == ImportJobStatus.Completed && job.RowsFailed == 0;
        var report = new { ok, job = job.Id, status = job.Status, rowsRead = job.RowsRead, imported = job.RowsImported, failed = job.RowsFailed, errorFile, message = job.Message };
        if (job.Status == ImportJobStatus.Failed)
        {
            output.Error($"import failed: {job.Message}", report);
            return 1;
        }

        output.Result(report, $"{job.RowsImported:N0} imported, {job.RowsFailed:N0} failed of {job.RowsRead:N0} rows" + (errorFile is null ? "." : $"; errors in {errorFile}"));
        return ok ? 0 : 1;
    }

    private static async Task<int> ExportAsync(CliArguments args, CliOutput output, IServiceProvider services, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(args.Required("out"));
        var excel = FollowerListExport.IsExcel(path);
        var filter = new FollowerFilter(Text: args.Option("q"), Tags: args.Options("tag").ToList());
        var list = services.GetRequiredService<FollowerList>();
        long count;
        await using (var file = File.Create(path))
        {
            count = await FollowerListExport.WriteAsync(file, excel, list.StreamAsync(new FollowerListQuery(filter), cancellationToken), masked: false, cancellationToken);
        }

        await services.GetRequiredService<AuditLog>().RecordAsync("followers.export", path, $"{count} followers; tags={string.Join(",", filter.Tags ?? [])} q={filter.Text}", cancellationToken: cancellationToken);
        output.Result(new { ok = true, file = path, followers = count }, $"{count:N0} followers written to {path}");
        return 0;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the CLI wants the line written in order.</summary>
    private sealed class SynchronousProgress(Action<ImportChunkProgress> report) : IProgress<ImportChunkProgress>
    {
        public void Report(ImportChunkProgress value) => report(value);
    }
}
