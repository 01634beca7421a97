using System.Text.Json.Nodes;
using Lianjie.Web.Cli;

namespace Lianjie.Web.Tests.Cli;

/// <summary>The CLI run in-process with its own data directory, as a script would run it.</summary>
public class CliTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("lianjie-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--data-dir", _dataDir], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Code, string Out, string Err)> SetupAsync() =>
        RunAsync("setup", "--recipe", "clinic", "--site-name", "CLI site", "--admin", "admin", "--password", "Passw0rd!", "--json");

    [Fact]
    public async Task Setup_then_features_list_as_json()
    {
        var setup = await SetupAsync();
        Assert.Equal(0, setup.Code);
        Assert.True(JsonNode.Parse(setup.Out)!["ok"]!.GetValue<bool>());

        var list = await RunAsync("features", "list", "--json");

        Assert.Equal(0, list.Code);
        var features = JsonNode.Parse(list.Out)!.AsArray();
        Assert.Contains(features, f => f!["id"]!.GetValue<string>() == "Lianjie.Admin" && f["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Commands_before_setup_and_unknown_features_fail_with_a_message()
    {
        var before = await RunAsync("features", "list");
        Assert.Equal(1, before.Code);
        Assert.Contains("not set up", before.Err);

        await SetupAsync();
        var unknown = await RunAsync("features", "enable", "No.Such");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("Unknown feature 'No.Such'", unknown.Err);

        var needed = await RunAsync("features", "disable", "Lianjie.Users");
        Assert.Equal(1, needed.Code);
        Assert.Contains("Cannot disable", needed.Err);
    }

    [Fact]
    public async Task Usage_errors_exit_with_2()
    {
        var result = await RunAsync("setup", "--recipe", "blank");

        Assert.Equal(2, result.Code);
        Assert.Contains("--site-name is required", result.Err);
    }

    [Fact]
    public async Task Recipe_export_then_import_and_a_malformed_recipe()
    {
        await SetupAsync();
        var file = Path.Combine(_dataDir, "export.json");

        var export = await RunAsync("recipe", "export", "--out", file, "--json");
        Assert.Equal(0, export.Code);
        Assert.Contains("\"name\": \"Roles\"", await File.ReadAllTextAsync(file));

        var import = await RunAsync("recipe", "import", file, "--json");
        Assert.Equal(0, import.Code);
        Assert.True(JsonNode.Parse(import.Out)!["ok"]!.GetValue<bool>());

        var bad = Path.Combine(_dataDir, "bad.json");
        await File.WriteAllTextAsync(bad, "{ \"steps\": [ { \"name\": \"x\" }\n  oops ] }");
        var failed = await RunAsync("recipe", "import", bad);
        Assert.Equal(1, failed.Code);
        Assert.Contains("line 2", failed.Err);
    }

    [Fact]
    public async Task Apikey_create_prints_the_key_once()
    {
        await SetupAsync();

        var result = await RunAsync("apikey", "create", "shop-sync");

        Assert.Equal(0, result.Code);
        Assert.Matches("^lj_[0-9a-f]{8}_\\S+$", result.Out.Trim());
    }
}
