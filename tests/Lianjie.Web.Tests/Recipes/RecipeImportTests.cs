using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Core.Settings;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Web.Tests.Recipes;

public class RecipeImportTests
{
    private static async Task<RecipeReport> ImportAsync(TestSite site, string json) =>
        await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(RecipeReader.Parse(json), new RecipeImportOptions());

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task When_the_third_step_fails_nothing_of_the_recipe_stays(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        var shellBefore = site.ShellHost.Current;

        var report = await ImportAsync(site, """
            {
              "name": "broken",
              "steps": [
                { "name": "feature", "enable": [ "Test.Alpha" ] },
                { "name": "Roles", "Roles": [ { "Name": "Auditor", "Permissions": [ "ViewAuditLog" ] } ] },
                { "name": "alphaStep", "Value": "fail" },
                { "name": "alphaStep", "Value": "never" }
              ]
            }
            """);

        Assert.False(report.Succeeded);
        Assert.Equal(2, report.Failure!.StepIndex);
        Assert.Equal("alphaStep", report.Failure.StepName);
        Assert.Contains("told to fail", report.Failure.Reason);
        Assert.Same(shellBefore, site.ShellHost.Current);
        Assert.False(site.ShellHost.Current!.IsEnabled("Test.Alpha"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Roles\" WHERE \"Name\" = 'Auditor'"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ShellFeatures\" WHERE \"FeatureId\" = 'Test.Alpha'"));
    }

    [Fact]
    public async Task A_feature_step_makes_the_new_features_steps_available_to_later_steps()
    {
        await using var site = await TestSite.SetUpAsync();

        var report = await ImportAsync(site, """
            { "name": "ok", "steps": [
                { "name": "alphaStep", "Value": "before" },
                { "name": "FEATURE", "enable": [ "Test.Alpha", "Unknown.Feature" ] },
                { "name": "ALPHASTEP", "Value": "after" },
                { "name": "NoSuchStep" }
            ] }
            """);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Equal(RecipeStepStatus.Skipped, report.Steps[0].Status);
        Assert.Equal(RecipeStepStatus.Applied, report.Steps[2].Status);
        Assert.Equal(RecipeStepStatus.Skipped, report.Steps[3].Status);
        Assert.Contains(report.Warnings, w => w.Contains("Unknown.Feature"));
        Assert.Contains(report.Warnings, w => w.Contains("NoSuchStep"));
        Assert.True(site.ShellHost.Current!.IsEnabled("Test.Alpha"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaValue' AND \"Key\" = 'after'"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Documents\" WHERE \"Type\" = 'AlphaValue' AND \"Key\" = 'before'"));
    }

    [Fact]
    public async Task Disabling_a_needed_feature_in_a_recipe_fails_the_import()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Test.Beta"]);

        var report = await ImportAsync(site, """{ "name": "x", "steps": [ { "name": "feature", "disable": [ "Test.Alpha" ] } ] }""");

        Assert.False(report.Succeeded);
        Assert.Contains("Test.Beta", report.Failure!.Reason);
        Assert.True(site.ShellHost.Current!.IsEnabled("Test.Alpha"));
    }

    public static TheoryData<string> OrchardFixtures() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "orchardcore")).Where(f => f.EndsWith(".json", StringComparison.Ordinal)).Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(OrchardFixtures))]
    public async Task Every_orchard_fixture_recipe_imports_with_a_report(string file)
    {
        await using var site = await TestSite.SetUpAsync();
        var recipe = RecipeReader.ParseFile(Path.Combine(AppContext.BaseDirectory, "fixtures", "orchardcore", file));

        var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions());

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.True(report.Steps.Count >= recipe.Steps.Count);
        Assert.DoesNotContain(report.Steps, s => s.Status == RecipeStepStatus.Failed);
        Assert.All(report.Steps.Where(s => s.Status == RecipeStepStatus.Skipped), s => Assert.Contains(report.Warnings, w => w.Contains(s.Name)));
        if (recipe.Steps.Any(s => RecipeReader.StepName(s).Equals("feature", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.Contains(report.Warnings, w => w.Contains("OrchardCore."));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_export_imports_into_an_empty_site_to_the_same_state(string provider)
    {
        await using var source = await TestSite.SetUpAsync(provider, "blank");
        var changes = await ImportAsync(source, """
            { "name": "changes", "steps": [
                { "name": "feature", "enable": [ "Test.Beta" ] },
                { "name": "settings", "TimeZoneId": "Asia/Urumqi", "HomeRoute": { "Action": "Index" } },
                { "name": "Roles", "Roles": [ { "Name": "Marketer", "Description": "市场", "Permissions": [ "AccessAdminPanel", "ViewAuditLog" ] } ] }
            ] }
            """);
        Assert.True(changes.Succeeded, changes.Failure?.ToString());
        var exported = await ExportAsync(source);

        await using var target = await TestSite.SetUpAsync(provider, "blank");
        var report = await ImportAsync(target, exported.ToJsonString());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        var again = await ExportAsync(target);

        Assert.True(target.ShellHost.Current!.IsEnabled("Test.Beta"));
        Assert.Contains("Asia/Urumqi", Steps(again));
        Assert.Contains("Marketer", Steps(again));
        Assert.Contains("HomeRoute", Steps(again));
        Assert.Equal(Steps(exported), Steps(again));
    }

    [Fact]
    public async Task The_admin_upload_reports_malformed_json_with_line_and_column()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = await site.LoginAsync();
        var page = await client.GetStringAsync("/admin/recipes");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestSite.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent("{\n \"steps\": [\n  { \"name\": \"x\" ,, }\n ]\n}"u8.ToArray()), "file", "bad.recipe.json" },
        };

        var response = await client.PostAsync("/admin/recipes/import", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("未导入任何内容", html);
        Assert.Contains("行 3", html);
    }

    [Fact]
    public async Task The_admin_export_downloads_a_recipe()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        var client = await site.LoginAsync();

        var response = await TestSite.PostFormAsync(client, "/admin/recipes", "/admin/recipes/export", []);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var recipe = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(recipe["steps"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "Roles" && s.ToJsonString().Contains("Marketer"));
    }

    private static async Task<JsonObject> ExportAsync(TestSite site)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var settings = await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().GetAsync();
        return await scope.ServiceProvider.GetRequiredService<RecipeExporter>().ExportAsync(settings.SiteName);
    }

    private static string Steps(JsonObject recipe) => recipe["steps"]!.ToJsonString();
}
