using System.Text.Json.Nodes;
using Lianjie.Testing;
using Lianjie.Web.Setup;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Browser;

/// <summary>The drawflow designer in a real browser: draws the saved workflow, edits a property, saves.</summary>
[Collection(BrowserSession.Collection)]
public class DesignerBrowserTests
{
    [Fact]
    public async Task The_designer_draws_activities_and_arrows_and_saves_an_edited_property()
    {
        await using var site = await LiveSite.StartAsync();
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var report = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("Designer", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, database.Settings, "blank"));
        Assert.True(report.Succeeded, report.Failure?.ToString());
        await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.Workflows"]);
        var type = new WorkflowBuilder("Liver readers").Start("when", "ArticleReadEvent", new JsonObject { ["InterestTag"] = "肝病", ["Count"] = 3 })
            .Activity("tag", "AddTagTask", new JsonObject { ["Tags"] = new JsonArray("肝病关注") })
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "interaction", ["Amount"] = 1 })
            .Connect("when", "Done", "tag")
            .Connect("tag", "Refused", "points")
            .Build();
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IWorkflowTypeStore>().SaveAsync(type);
        }

        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(site.Url("/login").ToString());
        await page.FillAsync("#userName", TestSite.AdminUser);
        await page.FillAsync("#password", TestSite.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");

        await page.GotoAsync(site.Url($"/admin/workflows/{type.WorkflowTypeId}/edit").ToString());
        Assert.Equal(3, await page.Locator("#wf-canvas .drawflow-node").CountAsync());
        Assert.Equal(2, await page.Locator("#wf-canvas svg.connection").CountAsync());

        await page.ClickAsync("#wf-canvas .drawflow-node:has-text('AddPointsTask')");
        await page.FillAsync("#wf-prop-json", """{ "Dimension": "interaction", "Amount": 7 }""");
        await page.ClickAsync("#wf-prop-apply");
        await page.ClickAsync("form button.btn-primary");
        await page.WaitForURLAsync("**/edit?message=*");

        await using var check = site.ShellHost.Current!.Services.CreateAsyncScope();
        var saved = await check.ServiceProvider.GetRequiredService<IWorkflowTypeStore>().GetAsync(type.WorkflowTypeId);
        Assert.Equal(7, saved!.FindActivity("points")!.Properties["Amount"]!.GetValue<int>());
        Assert.Equal(2, saved.Transitions.Count);
        Assert.Contains(saved.Transitions, t => t.SourceActivityId == "tag" && t.SourceOutcomeName == "Refused" && t.DestinationActivityId == "points");
    }
}
