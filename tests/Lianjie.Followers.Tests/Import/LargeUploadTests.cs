using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Testing;
using Lianjie.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Import;

/// <summary>
/// The admin upload on a real Kestrel server, whose default body limit is 30,000,000 bytes: a file
/// over it must still reach a job (a 1,000,000-row CSV is ~62 MiB).
/// </summary>
public class LargeUploadTests
{
    private const int Rows = 16_000;
    private const int PaddingLength = 2_000;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_csv_over_30_MB_uploads_from_the_admin_and_its_import_runs(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var site = await LiveSite.StartAsync();
        var setup = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("Upload", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, database.Settings, "blank"));
        Assert.True(setup.Succeeded, setup.Failure?.ToString());
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        using var admin = await LoginAsync(site);

        var csv = LargeCsv();
        Assert.True(csv.Length > 31_000_000, $"the file is {csv.Length:N0} bytes");
        var page = await admin.GetStringAsync("/admin/followers/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestSite.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(csv), "file", "big.csv" },
        };
        var upload = await admin.PostAsync("/admin/followers/import", form);

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var mapUrl = upload.Headers.Location!.OriginalString;
        Assert.EndsWith("/map", mapUrl);
        var stored = Directory.EnumerateFiles(Path.Combine(site.DataDirectory, "imports")).Single();
        Assert.Equal(csv.Length, new FileInfo(stored).Length);

        // The padding column is ignored; start the job and see it import every row.
        var mapPage = await admin.GetStringAsync(mapUrl);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", TestSite.Token(mapPage)),
            new("header", "openid"), new("header", "nickname"), new("header", "padding"),
            new("map0", "openid"), new("map1", "nickname"), new("map2", "-"),
            new("unknownTags", "reject"), new("action", "start"),
        };
        var start = await admin.PostAsync(mapUrl, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var status = await WaitForDoneAsync(admin, start.Headers.Location!.OriginalString + "/status");
        Assert.Equal(ImportJobStatus.Completed, status["status"]!.GetValue<string>());
        Assert.Equal(Rows, status["rowsImported"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_upload_without_the_forms_token_is_refused_and_leaves_no_file()
    {
        await using var site = await LiveSite.StartAsync();
        var setup = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("Upload", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, null, "blank"));
        Assert.True(setup.Succeeded, setup.Failure?.ToString());
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        using var admin = await LoginAsync(site);

        using var form = new MultipartFormDataContent
        {
            { new StringContent("forged"), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("openid\nU1\n")), "file", "people.csv" },
        };
        var upload = await admin.PostAsync("/admin/followers/import", form);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        var folder = Path.Combine(site.DataDirectory, "imports");
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
        Assert.DoesNotContain("people.csv", await admin.GetStringAsync("/admin/followers/import"));
    }

    [Fact]
    public async Task A_file_declared_over_the_1_GiB_cap_is_refused_with_a_clear_message_before_it_is_read()
    {
        await using var site = await LiveSite.StartAsync();
        var setup = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("Upload", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, null, "blank"));
        Assert.True(setup.Succeeded, setup.Failure?.ToString());
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        using var admin = await LoginAsync(site);

        // A body that claims 1.1 GiB, sent only after "100 Continue": the answer must come from its length alone.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/followers/import") { Content = new ClaimedLengthContent(1_200_000_000L) };
        request.Headers.ExpectContinue = true;
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using var response = await admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var message = Uri.UnescapeDataString(response.Headers.Location!.OriginalString);
        Assert.Contains("larger than 1 GiB", message);
    }

    private static byte[] LargeCsv()
    {
        var padding = new string('x', PaddingLength);
        var text = new StringBuilder("openid,nickname,padding\n", Rows * (PaddingLength + 30));
        for (var i = 0; i < Rows; i++)
        {
            text.Append("oUpload").Append(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append(",粉丝").Append(i).Append(',').Append(padding).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<HttpClient> LoginAsync(LiveSite site)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), Expect100ContinueTimeout = TimeSpan.FromSeconds(30) };
        var client = new HttpClient(handler) { BaseAddress = site.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var login = await TestSite.PostFormAsync(client, "/login", "/login", new() { ["userName"] = TestSite.AdminUser, ["password"] = TestSite.AdminPassword, ["returnUrl"] = "/admin" });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private static async Task<JsonNode> WaitForDoneAsync(HttpClient admin, string statusUrl)
    {
        JsonNode? status = null;
        for (var i = 0; i < 600; i++)
        {
            status = JsonNode.Parse(await admin.GetStringAsync(statusUrl))!;
            if (status["done"]!.GetValue<bool>())
            {
                break;
            }

            await Task.Delay(200);
        }

        return status!;
    }

    /// <summary>Declares a length it never sends: the server must answer before asking for the body.</summary>
    private sealed class ClaimedLengthContent(long claimed) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            throw new InvalidOperationException("The server asked for the body of an upload over the limit.");

        protected override bool TryComputeLength(out long length)
        {
            length = claimed;
            return true;
        }
    }
}
