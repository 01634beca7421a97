using System.Text;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Import;

/// <summary>A very large import drops "IX_Followers_LastSeenUtc" while it runs; the table never stays without it.</summary>
public class LastSeenIndexTests
{
    private static string IndexCountSql(string provider) => provider == "sqlite"
        ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'IX_Followers_LastSeenUtc'"
        : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'IX_Followers_LastSeenUtc'";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_large_import_runs_without_the_last_seen_index_and_builds_it_again_at_the_end(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var csv = new StringBuilder("openid,昵称,关注时间\n");
        for (var i = 0; i < 30; i++)
        {
            csv.Append($"oL{i},粉丝{i},2025-0{1 + (i % 9)}-1{i % 10} 08:00:00\n");
        }

        var path = Path.Combine(site.DataDirectory, "large.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        var duringImport = new List<long>();

        var job = await site.InScopeAsync(async sp =>
        {
            // The shell's worker resumes jobs left running when it starts: let it be past that, so this run stays the only one.
            await sp.GetRequiredService<ImportJobSignal>().PastStartUp.WaitAsync(TimeSpan.FromSeconds(60));
            var added = await sp.GetRequiredService<ImportJobStore>().AddAsync(new ImportJobRecord { FileName = "large.csv", StoredPath = path, CreatedBy = "tests", Status = ImportJobStatus.Draft });
            var importer = sp.GetRequiredService<FollowerImporter>();
            importer.ChunkSize = 10;
            importer.DropLastSeenIndexFromRows = 1; // this small file counts as large
            return await importer.RunAsync(added, new Checks(() => duringImport.Add(site.ScalarAsync(IndexCountSql(provider)).GetAwaiter().GetResult())));
        });

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(30, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal([0L, 0L, 0L], duringImport);
        Assert.Equal(1, await site.ScalarAsync(IndexCountSql(provider)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task After_a_crash_without_the_index_the_import_worker_builds_it_when_the_module_starts(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);

        // What a crash mid-import leaves, made while no import worker runs (the module is off).
        await site.ShellHost.DisableAsync(["Lianjie.Followers"]);
        await site.ScalarAsync("DROP INDEX \"IX_Followers_LastSeenUtc\"");
        Assert.Equal(0, await site.ScalarAsync(IndexCountSql(provider)));

        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await site.ScalarAsync(IndexCountSql(provider)) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, await site.ScalarAsync(IndexCountSql(provider)));
    }

    private sealed class Checks(Action afterEachChunk) : IProgress<ImportChunkProgress>
    {
        public void Report(ImportChunkProgress value) => afterEachChunk();
    }
}
