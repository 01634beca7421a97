using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Cli;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Cli;

public class FollowersCliTests
{
    private static Task<(int Exit, string Out)> RunAsync(TestSite site, params string[] args) =>
        site.InScopeAsync(async sp =>
        {
            var stdout = new StringWriter();
            var cli = new CliArguments(args);
            var command = sp.GetServices<ICliCommand>().Single(c => c.Verb == "followers");
            var exit = await command.RunAsync(cli, new CliOutput(stdout, new StringWriter(), cli.Json), sp, CancellationToken.None);
            return (exit, stdout.ToString());
        });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Import_with_a_map_reports_counts_and_the_error_file_and_exits_1_when_a_row_failed(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var path = Path.Combine(site.DataDirectory, "cli.csv");
        await File.WriteAllTextAsync(path, "用户,姓名,关注时间\nc1,周一,2024-01-01\nc2,周二,not-a-date\n", Encoding.UTF8);

        var (exit, output) = await RunAsync(site, "followers", "import", path, "--map", "用户=openid", "--map", "姓名=nickname", "--json");
        var report = JsonNode.Parse(output)!;

        Assert.Equal(1, exit);
        Assert.Equal(1, report["imported"]!.GetValue<long>());
        Assert.Equal(1, report["failed"]!.GetValue<long>());
        Assert.Contains("not-a-date", await File.ReadAllTextAsync(report["errorFile"]!.GetValue<string>()));
        Assert.Equal("周一", await site.TextAsync("SELECT \"Nickname\" FROM \"Followers\" WHERE \"OpenId\" = 'c1'"));
    }

    [Fact]
    public async Task Export_writes_the_filtered_list_with_formulas_neutralised()
    {
        await using var site = await FollowerSites.SiteAsync();
        var path = Path.Combine(site.DataDirectory, "in.csv");
        await File.WriteAllTextAsync(path, "openid,nickname,city\ne1,=1+2,杭州\ne2,@SUM(A1),北京\n", Encoding.UTF8);
        Assert.Equal(0, (await RunAsync(site, "followers", "import", path)).Exit);
        var api = await site.CreateApiClientAsync();
        await api.PostAsync("/api/events", System.Net.Http.Json.JsonContent.Create(new { type = "tag.added", openId = "e1", payload = new { tag = "VIP" } }));
        await site.CatchUpAllAsync();
        var outFile = Path.Combine(site.DataDirectory, "out.csv");

        var (exit, _) = await RunAsync(site, "followers", "export", "--out", outFile, "--tag", "VIP");
        var csv = await File.ReadAllTextAsync(outFile);

        Assert.Equal(0, exit);
        Assert.Contains("'=1+2", csv);
        Assert.DoesNotContain("e2", csv); // not tagged VIP
        Assert.Contains("杭州", csv);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.export'"));
    }
}
