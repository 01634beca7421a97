using System.Diagnostics;
using System.Text;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Search;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Search.Index;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Cli;

/// <summary>
/// The server holds the search index (Lucene allows one writer per folder), so a `followers import`
/// run from the command line at the same time cannot index its rows itself; the server's search
/// reactor must pick them up from the ledger.
/// </summary>
public class CliImportWhileServerRunsTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rows_imported_by_the_cli_in_another_process_become_searchable_in_the_running_server(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var index = site.ShellHost.Current!.Services.GetRequiredService<FollowerIndexAccessor>().TryGet();
        Assert.NotNull(index); // the server holds the index folder
        var path = Path.Combine(site.DataDirectory, "cli-import.csv");
        await File.WriteAllTextAsync(path, "openid,nickname,city\ncli1,欧阳青松,杭州\ncli2,欧阳白桦,宁波\ncli3,司马兰亭,杭州\n", Encoding.UTF8);

        var (exit, output) = await RunCliProcessAsync("--data-dir", site.DataDirectory, "followers", "import", path, "--json");

        Assert.True(exit == 0, output);
        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" LIKE 'cli%'"));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = '{ImportedFollowersEvent.Type}'"));
        var ids = new List<long>();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(200))
        {
            ids = index.Search(new FollowerSearchQuery { Text = "欧阳" }).FollowerIds.ToList();
            if (ids.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(2, ids.Count);
        Assert.Single(index.Search(new FollowerSearchQuery { Text = "司马兰亭" }).FollowerIds);
    }

    /// <summary>
    /// The real command line as its own process, from Lianjie.Web's own build output (the test folder
    /// also holds test assemblies, which the host's module scan would try to load).
    /// </summary>
    private static async Task<(int Exit, string Output)> RunCliProcessAsync(params string[] args)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var web = Path.Combine(repository, "src", "Host", "Lianjie.Web", "bin", configuration, framework, "Lianjie.Web.dll");
        Assert.True(File.Exists(web), web + " is missing: build src/Host/Lianjie.Web");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(web);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
