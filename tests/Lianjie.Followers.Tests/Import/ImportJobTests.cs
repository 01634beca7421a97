using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Import;

public class ImportJobTests
{
    private static string WriteFile(TestSite site, string name, byte[] bytes)
    {
        var path = Path.Combine(site.DataDirectory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Task<ImportJobRecord> ImportAsync(TestSite site, string path, bool createTags = false, int chunkSize = FollowerImporter.DefaultChunkSize, string map = "", CancellationToken cancellationToken = default, Action? afterFirstChunk = null) =>
        site.InScopeAsync(async sp =>
        {
            // The shell's worker resumes jobs left running when it starts: let it be past that, so this run stays the only one.
            await sp.GetRequiredService<ImportJobSignal>().PastStartUp.WaitAsync(TimeSpan.FromSeconds(60));
            // Added as a draft: the background worker claims pending jobs (and running ones when it starts); this call must be the only runner.
            var job = await sp.GetRequiredService<ImportJobStore>().AddAsync(new ImportJobRecord { FileName = Path.GetFileName(path), StoredPath = path, CreateUnknownTags = createTags, Map = map, CreatedBy = "tests", Status = ImportJobStatus.Draft });
            var importer = sp.GetRequiredService<FollowerImporter>();
            importer.ChunkSize = chunkSize;
            return await importer.RunAsync(job, new Callback(afterFirstChunk), cancellationToken);
        });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_GBK_csv_imports_with_its_Chinese_intact_and_upserts_by_openid(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var gbk = TestFiles.Gb18030.GetBytes("openid,昵称,城市,是否关注\noG1,张三,杭州,是\noG2,李四,北京,否\noG1,,上海,\n");
        var path = WriteFile(site, "gbk.csv", gbk);

        var job = await ImportAsync(site, path);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(3, job.RowsImported);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal("张三", await site.TextAsync("SELECT \"Nickname\" FROM \"Followers\" WHERE \"OpenId\" = 'oG1'")); // a blank cell keeps what is known
        Assert.Contains("上海", await site.TextAsync("SELECT \"Profile\" FROM \"Followers\" WHERE \"OpenId\" = 'oG1'"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oG2' AND \"Subscribed\" = " + (provider == "sqlite" ? "1" : "true")));

        // Imported followers are searchable at once.
        var api = await site.CreateApiClientAsync();
        var hits = JsonNode.Parse(await api.GetStringAsync("/api/followers?q=" + Uri.EscapeDataString("张三 上海")))!;
        Assert.Equal(1, hits["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Random_bytes_fail_the_job_with_a_clear_message()
    {
        await using var site = await FollowerSites.SiteAsync();
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x81; // not a zip or OLE signature
        var path = WriteFile(site, "noise.csv", bytes);

        var job = await ImportAsync(site, path);

        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Contains("not UTF-8 or GBK", job.Message);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Bad_dates_land_in_the_error_file_and_their_rows_are_not_written(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var path = WriteFile(site, "dates.csv", Encoding.UTF8.GetBytes("openid,关注时间,城市\noD1,2024-03-01,成都\noD2,2024-13-45,重庆\noD3,2024/3/2 14:30,西安\n"));

        var job = await ImportAsync(site, path);
        var errorFile = await site.InScopeAsync(sp => sp.GetRequiredService<ImportJobStore>().WriteErrorFileAsync(job));
        var errors = await File.ReadAllTextAsync(errorFile);

        Assert.Equal(2, job.RowsImported);
        Assert.Equal(1, job.RowsFailed);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oD2'"));
        Assert.Contains("3,关注时间,", errors);
        Assert.Contains("is not a date", errors);
        Assert.Contains("重庆", errors); // the original cells are kept for fixing
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unknown_tags_are_created_or_reject_the_whole_row_as_chosen(bool create)
    {
        await using var site = await FollowerSites.SiteAsync("sqlite", FakeTagsManifest.Id);
        var path = WriteFile(site, "tags.csv", Encoding.UTF8.GetBytes("openid,昵称,标签\noT1,甲,VIP\noT2,乙,\"VIP,新标签\"\noT3,丙,肝病关注\n"));

        var job = await ImportAsync(site, path, createTags: create);
        await site.CatchUpAllAsync();

        Assert.Equal(create ? 3 : 2, job.RowsImported);
        Assert.Equal(create ? 0 : 1, job.RowsFailed);
        // Rejected means not half-imported: no follower row, no tag event.
        Assert.Equal(create ? 1 : 0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oT2'"));
        Assert.Equal(create ? 1 : 0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"Tags\" LIKE '%|新标签|%'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oT3' AND \"Tags\" = '|肝病关注|'"));
        if (!create)
        {
            var errorFile = await site.InScopeAsync(sp => sp.GetRequiredService<ImportJobStore>().WriteErrorFileAsync(job));
            Assert.Contains("unknown tag '新标签'", await File.ReadAllTextAsync(errorFile));
        }
    }

    [Fact]
    public async Task Without_the_Tags_feature_a_tags_column_is_an_error_naming_it()
    {
        await using var site = await FollowerSites.SiteAsync();
        var path = WriteFile(site, "tags.csv", Encoding.UTF8.GetBytes("openid,标签\noN1,VIP\noN2,\n"));

        var job = await ImportAsync(site, path);
        var errorFile = await site.InScopeAsync(sp => sp.GetRequiredService<ImportJobStore>().WriteErrorFileAsync(job));

        Assert.Equal(1, job.RowsImported);
        Assert.Equal(1, job.RowsFailed);
        Assert.Contains("enable Lianjie.Tags", await File.ReadAllTextAsync(errorFile));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_interrupted_import_resumes_after_a_restart_from_the_last_committed_chunk(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var csv = new StringBuilder("openid,昵称,关注时间\n");
        for (var i = 1; i <= 25; i++)
        {
            csv.Append($"oR{i},粉丝{i},{(i == 17 ? "bad-date" : "2024-01-01")}\n");
        }

        var path = WriteFile(site, "resume.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(site, path, chunkSize: 10, cancellationToken: stop.Token, afterFirstChunk: stop.Cancel));

        Assert.Equal(10, await site.ScalarAsync("SELECT \"RowsRead\" FROM \"ImportJobs\""));
        Assert.Equal(10, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));

        await site.RestartAsync(); // the new worker resumes the job left running
        for (var i = 0; i < 100 && await site.TextAsync("SELECT \"Status\" FROM \"ImportJobs\"") != ImportJobStatus.Completed; i++)
        {
            await Task.Delay(200);
        }

        Assert.Equal(ImportJobStatus.Completed, await site.TextAsync("SELECT \"Status\" FROM \"ImportJobs\""));
        Assert.Equal(25, await site.ScalarAsync("SELECT \"RowsRead\" FROM \"ImportJobs\""));
        Assert.Equal(24, await site.ScalarAsync("SELECT \"RowsImported\" FROM \"ImportJobs\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"ImportJobErrors\""));
        Assert.Equal(24, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
    }

    [Fact]
    public async Task The_admin_upload_maps_columns_previews_and_runs_in_the_background()
    {
        await using var site = await FollowerSites.SiteAsync();
        var admin = await site.LoginAsync();
        var page = await admin.GetStringAsync("/admin/followers/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestSite.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("用户ID,名字,手机\nU1,赵六,13900001111\nU2,钱七,13900002222\n,无名,1\n")), "file", "people.csv" },
        };

        var upload = await admin.PostAsync("/admin/followers/import", form);
        var mapUrl = upload.Headers.Location!.OriginalString;
        var mapPage = await admin.GetStringAsync(mapUrl);
        var preview = await TestSite.PostFormAsync(admin, mapUrl, mapUrl, new() { ["header"] = "用户ID", ["map0"] = "openid", ["action"] = "preview" });
        var previewHtml = await preview.Content.ReadAsStringAsync();
        var start = await PostMapAsync(admin, mapUrl, "start");

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.Contains("openid or unionid", mapPage); // nothing maps to openid until the user says so
        Assert.Contains("赵六", previewHtml);
        Assert.Contains("openid or unionid is required", previewHtml); // row 4 fails validation in the preview
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var statusUrl = start.Headers.Location!.OriginalString + "/status";
        JsonNode? status = null;
        for (var i = 0; i < 100; i++)
        {
            status = JsonNode.Parse(await admin.GetStringAsync(statusUrl));
            if (status!["done"]!.GetValue<bool>())
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("completed", status!["status"]!.GetValue<string>());
        Assert.Equal(2, status["rowsImported"]!.GetValue<long>());
        Assert.Equal(1, status["rowsFailed"]!.GetValue<long>());
        Assert.Contains("13900001111", await site.TextAsync("SELECT \"Profile\" FROM \"Followers\" WHERE \"OpenId\" = 'U1'"));
        var errors = await admin.GetStringAsync(start.Headers.Location!.OriginalString + "/errors");
        Assert.StartsWith("row,column,reason", errors.TrimStart('\uFEFF'));
        Assert.True(Directory.EnumerateFiles(Path.Combine(site.DataDirectory, "imports")).Any());
    }

    private static async Task<HttpResponseMessage> PostMapAsync(HttpClient client, string mapUrl, string action)
    {
        var page = await client.GetStringAsync(mapUrl);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", TestSite.Token(page)),
            new("header", "用户ID"), new("header", "名字"), new("header", "手机"),
            new("map0", "openid"), new("map1", "nickname"), new("map2", string.Empty),
            new("unknownTags", "reject"), new("action", action),
        };
        return await client.PostAsync(mapUrl, new FormUrlEncodedContent(fields));
    }

    private sealed class Callback(Action? afterFirstChunk) : IProgress<ImportChunkProgress>
    {
        private bool _called;

        public void Report(ImportChunkProgress value)
        {
            if (!_called)
            {
                _called = true;
                afterFirstChunk?.Invoke();
            }
        }
    }
}
