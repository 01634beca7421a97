using System.Text;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Reactors;
using Lianjie.Tags.Services;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Import;

/// <summary>The follower import with the real Tags module: chunks read ahead of the writer, each committed whole.</summary>
public class ImportWithTagsTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_refused_tag_in_a_later_chunk_fails_only_its_row_and_every_other_row_gets_its_tags_and_events(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        foreach (var name in new[] { "VIP", "新客" })
        {
            await site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().UpsertTagAsync(new TagInput(name, null, null, null, false, null)));
        }

        var csv = new StringBuilder("openid,昵称,标签\n");
        for (var i = 1; i <= 35; i++)
        {
            csv.Append($"oI{i},粉丝{i},\"VIP,{(i == 27 ? "不存在" : "新客")}\"\n");
        }

        var path = Path.Combine(site.DataDirectory, "tags.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        var job = await site.WithAsync(async sp =>
        {
            // Added as a draft: the background worker claims pending jobs (and running ones when it starts); this call must be the only runner.
            var added = await sp.GetRequiredService<ImportJobStore>().AddAsync(new ImportJobRecord { FileName = "tags.csv", StoredPath = path, CreatedBy = "tests", Status = ImportJobStatus.Draft });
            var importer = sp.GetRequiredService<FollowerImporter>();
            importer.ChunkSize = 10;
            return await importer.RunAsync(added);
        });
        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(35, job.RowsRead);
        Assert.Equal(34, job.RowsImported);
        Assert.Equal(1, job.RowsFailed);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oI27'"));
        Assert.Equal(34, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal(68, await site.ScalarAsync("SELECT COUNT(*) FROM \"FollowerTags\""));
        Assert.Equal(34, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added'"));
        Assert.Equal(34, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"Tags\" = '|VIP|新客|'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"ImportJobErrors\" WHERE \"RowNumber\" = 28"));
    }
}
