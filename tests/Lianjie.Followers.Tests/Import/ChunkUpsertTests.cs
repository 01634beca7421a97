using System.Text;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Import;

/// <summary>One chunk of more rows than a multi-row statement used to hold (500), over new and known followers.</summary>
public class ChunkUpsertTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_large_chunk_upserts_by_openid_keeping_ids_and_known_cells(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var first = new StringBuilder("openid,nickname,city,subscribed\n");
        for (var i = 0; i < 600; i++)
        {
            first.Append($"oU{i},旧{i},北京,1\n");
        }

        await ImportAsync(site, "first.csv", first.ToString());
        var idOf7 = await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oU7'");

        // Rows 0–599 again (even ones renamed, odd ones with blank cells), then 600 new ones; one chunk.
        var second = new StringBuilder("openid,nickname,city,subscribed\n");
        for (var i = 0; i < 1200; i++)
        {
            second.Append(i < 600 && i % 2 == 1 ? $"oU{i},,,\n" : $"oU{i},新{i},上海,0\n");
        }

        var job = await ImportAsync(site, "second.csv", second.ToString());

        Assert.Equal(1200, job.RowsImported);
        Assert.Equal(1200, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal(idOf7, await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oU7'"));
        Assert.Equal("旧7", await site.TextAsync("SELECT \"Nickname\" FROM \"Followers\" WHERE \"OpenId\" = 'oU7'"));
        Assert.Contains("北京", await site.TextAsync("SELECT \"Profile\" FROM \"Followers\" WHERE \"OpenId\" = 'oU7'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oU7' AND \"Subscribed\" = TRUE"));
        Assert.Equal("新8", await site.TextAsync("SELECT \"Nickname\" FROM \"Followers\" WHERE \"OpenId\" = 'oU8'"));
        Assert.Contains("上海", await site.TextAsync("SELECT \"Profile\" FROM \"Followers\" WHERE \"OpenId\" = 'oU8'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oU8' AND \"Subscribed\" = FALSE"));
        Assert.Equal("新1100", await site.TextAsync("SELECT \"Nickname\" FROM \"Followers\" WHERE \"OpenId\" = 'oU1100'"));
    }

    private static Task<ImportJobRecord> ImportAsync(TestSite site, string name, string csv) =>
        site.InScopeAsync(async sp =>
        {
            var path = Path.Combine(site.DataDirectory, name);
            await File.WriteAllTextAsync(path, csv);
            // Added as a draft: the background worker claims pending jobs (and running ones when it starts); this call must be the only runner.
            var job = await sp.GetRequiredService<ImportJobStore>().AddAsync(new ImportJobRecord { FileName = name, StoredPath = path, CreatedBy = "tests", Status = ImportJobStatus.Draft });
            return await sp.GetRequiredService<FollowerImporter>().RunAsync(job);
        });
}
