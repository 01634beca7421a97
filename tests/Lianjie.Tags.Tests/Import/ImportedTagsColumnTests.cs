using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Reactors;
using Lianjie.Followers.Search;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Import;

/// <summary>
/// The importer writes each follower's resulting tags with its row (the projection finds nothing to
/// change) and has the imported followers indexed itself (the search reactor skips the import's tag
/// events), while every tag change stays a ledger event that rebuilds the same state from zero.
/// </summary>
public class ImportedTagsColumnTests
{
    private const string Csv =
        "openid,昵称,城市,标签\n" +
        "oN1,王小明,杭州,\"肾病关注;患者本人\"\n" +
        "oN2,李娜,北京,\"患者本人,家属\"\n" + // one exclusive group: the later tag wins
        "oE1,,,患者本人\n" + // an existing follower holding 家属: replaced, 肝病关注 kept
        "oN3,赵六,上海,\n";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Imported_rows_hold_their_resulting_tags_at_once_and_search_finds_them_by_tag_and_Chinese_nickname(string provider)
    {
        await using var site = await SetUpAsync(provider);
        var api = await site.CreateApiClientAsync();

        var job = await ImportAsync(site);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(4, job.RowsImported);

        // Before the projection has read a single import event, the rows already hold what was applied.
        var expected = ExpectedTags();
        Assert.Equal(expected, await TagsColumnAsync(site));
        Assert.Equal(expected["oE1"], await HeldAsync(site, "oE1"));
        Assert.Equal(expected["oN2"], await HeldAsync(site, "oN2"));

        // Searchable as soon as the import returns: a tag and a Chinese nickname, through the index.
        Assert.Equal(["oN1"], await SearchAsync(api, "王小明", "肾病关注"));
        Assert.Equal(["oN2"], await SearchAsync(api, "李娜", "家属"));
        Assert.Empty(await SearchAsync(api, "李娜", "患者本人"));

        // Catching up changes nothing, and every tag change is still on the ledger.
        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        Assert.Equal(expected, await TagsColumnAsync(site));
        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"Source\" = 'import'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.removed' AND \"Source\" = 'import'"));

        // A later event still refreshes an imported follower's document.
        var oN1 = await site.FollowerAsync("oN1");
        await site.RemoveAsync(oN1, "肾病关注");
        await CatchUpSearchAsync(site);
        Assert.Empty(await SearchAsync(api, "王小明", "肾病关注"));
        Assert.Equal(["oN1"], await SearchAsync(api, "王小明", "患者本人"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rebuilding_the_projection_and_the_search_index_from_position_zero_gives_the_same_state_after_an_import(string provider)
    {
        await using var site = await SetUpAsync(provider);
        var api = await site.CreateApiClientAsync();
        await ImportAsync(site);
        await CatchUpSearchAsync(site);
        var columns = await TagsColumnAsync(site);
        var searches = await AllSearchesAsync(api);

        await site.WithAsync(async sp =>
        {
            var reactors = sp.GetRequiredService<LedgerReactors>();
            await reactors.RebuildAsync(FollowerProjectionReactor.ReactorName);
            await reactors.RebuildAsync(FollowerSearchReactor.ReactorName);
            return 0;
        });
        await CatchUpSearchAsync(site);

        Assert.Equal(columns, await TagsColumnAsync(site));
        Assert.Equal(searches, await AllSearchesAsync(api));
    }

    private static Dictionary<string, string> ExpectedTags() => new(StringComparer.Ordinal)
    {
        ["oE1"] = TagSet.With(string.Empty, ["肝病关注", "患者本人"]),
        ["oN1"] = TagSet.With(string.Empty, ["肾病关注", "患者本人"]),
        ["oN2"] = TagSet.With(string.Empty, ["家属"]),
        ["oN3"] = string.Empty,
    };

    private static async Task<TestSite> SetUpAsync(string provider)
    {
        var site = await TagsSite.SetUpAsync(provider);
        await site.GroupAsync("身份", exclusive: true);
        await site.TagAsync("患者本人", "身份");
        await site.TagAsync("家属", "身份");
        await site.TagAsync("肾病关注");
        await site.TagAsync("肝病关注");
        var existing = await site.FollowerAsync("oE1");
        await site.AddAsync(existing, "家属");
        await site.AddAsync(existing, "肝病关注");
        await CatchUpSearchAsync(site);
        return site;
    }

    private static async Task<ImportJobRecord> ImportAsync(TestSite site)
    {
        var path = Path.Combine(site.DataDirectory, "imported-tags.csv");
        await File.WriteAllTextAsync(path, Csv);
        return await site.WithAsync(async sp =>
        {
            // Added as a draft: the background worker claims pending jobs (and running ones when it starts); this call must be the only runner.
            var job = await sp.GetRequiredService<ImportJobStore>().AddAsync(new ImportJobRecord { FileName = "imported-tags.csv", StoredPath = path, AccountId = "wxapp", CreatedBy = "tests", Status = ImportJobStatus.Draft });
            var importer = sp.GetRequiredService<FollowerImporter>();
            importer.ChunkSize = 2; // two chunks, the existing follower in the second
            return await importer.RunAsync(job);
        });
    }

    /// <summary>What the Tags module holds for the follower, in the column's format.</summary>
    private static async Task<string> HeldAsync(TestSite site, string openId) =>
        TagSet.With(string.Empty, (await site.HeldAsync(await site.FollowerAsync(openId))).Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static async Task CatchUpSearchAsync(TestSite site)
    {
        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        await site.CatchUpAsync(FollowerSearchReactor.ReactorName);
        await site.ShellHost.Current!.Services.GetRequiredService<FollowerIndexQueue>().FlushAsync();
    }

    private static async Task<Dictionary<string, string>> TagsColumnAsync(TestSite site)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var openId in new[] { "oE1", "oN1", "oN2", "oN3" })
        {
            result[openId] = await site.TextAsync($"SELECT \"Tags\" FROM \"Followers\" WHERE \"OpenId\" = '{openId}'") ?? "(none)";
        }

        return result;
    }

    private static async Task<List<string>> SearchAsync(HttpClient api, string q, string? tag)
    {
        var page = await api.GetFromJsonAsync<JsonObject>("/api/followers?q=" + Uri.EscapeDataString(q) + (tag is null ? string.Empty : "&tag=" + Uri.EscapeDataString(tag)));
        return page!["items"]!.AsArray().Select(i => i!["openId"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> AllSearchesAsync(HttpClient api)
    {
        var results = new List<string>();
        foreach (var (q, tag) in new (string, string?)[] { ("王小明", "患者本人"), ("李娜", "家属"), ("杭州", null), ("赵六 上海", null), ("患者本人", null), ("肝病关注", null) })
        {
            results.Add($"{q}/{tag}: {string.Join(",", await SearchAsync(api, q, tag))}");
        }

        return results;
    }
}
