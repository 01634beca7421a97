using System.Net;
using Lianjie.Testing;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Tests.Integration;

namespace Lianjie.Workflows.Tests.Admin;

public class WorkflowsAdminTests
{
    [Fact]
    public async Task Enabling_a_workflow_with_a_transition_to_a_missing_activity_is_refused_with_the_issue_listed()
    {
        await using var site = await WorkflowSite.StartAsync();
        var broken = new WorkflowBuilder("Broken arrow").Start("start", "ArticleReadEvent")
            .Activity("points", "AddPointsTask", new System.Text.Json.Nodes.JsonObject { ["Dimension"] = "interaction", ["Amount"] = 1 })
            .Connect("start", "Done", "points")
            .Connect("points", "Done", "ghost")
            .Build();
        broken.IsEnabled = false;
        await site.SaveTypeAsync(broken);
        var client = await site.Site.LoginAsync();

        var response = await TestSite.PostFormAsync(client, "/admin/workflows", $"/admin/workflows/{broken.WorkflowTypeId}/enable", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location!.ToString());

        Assert.Contains("ghost", page);
        Assert.Equal(0, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowTypes\" WHERE \"WorkflowTypeId\" = '{broken.WorkflowTypeId}' AND \"IsEnabled\" = TRUE"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'workflows.enable_refused'"));

        // Fixed in the designer (arrow removed), the same button enables it.
        broken.Transitions.RemoveAll(t => t.DestinationActivityId == "ghost");
        await site.SaveTypeAsync(broken);
        await TestSite.PostFormAsync(client, "/admin/workflows", $"/admin/workflows/{broken.WorkflowTypeId}/enable", []);
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowTypes\" WHERE \"WorkflowTypeId\" = '{broken.WorkflowTypeId}' AND \"IsEnabled\" = TRUE"));
    }

    [Fact]
    public async Task The_rules_form_saves_a_workflow_that_the_designer_and_runs_pages_show()
    {
        await using var site = await WorkflowSite.StartAsync();
        var client = await site.Site.LoginAsync();

        var saved = await TestSite.PostFormAsync(client, "/admin/workflows/rules", "/admin/workflows/rules", new()
        {
            ["name"] = "Family members",
            ["event"] = "FormSubmittedEvent",
            ["filters"] = "Field=relation\nValue=父母是患者",
            ["count"] = "1",
            ["withinDays"] = "30",
            ["addTags"] = "家属",
            ["pointsDimension"] = "interaction",
            ["pointsAmount"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://site"), saved.Headers.Location!).Query)["edit"]!;

        var designer = await client.GetStringAsync($"/admin/workflows/{id}/edit");
        Assert.Contains("FormSubmittedEvent", designer);
        Assert.Contains("AddTagTask", designer);
        Assert.Contains("父母是患者", designer);
        Assert.Contains("Family members", await client.GetStringAsync("/admin/workflows"));
        var runs = await client.GetStringAsync("/admin/workflows/instances");
        Assert.Matches(@"id=""retention"">[^<]*[:：] 90</p>", runs); // the default retention, in days
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'workflows.rule_save'"));

        // Form answers that don't carry the option don't fire; the ones that do, do (once enabled).
        await TestSite.PostFormAsync(client, "/admin/workflows", $"/admin/workflows/{id}/enable", []);
        var parent = await site.FollowerAsync("oParent");
        var self = await site.FollowerAsync("oSelf");
        await site.AppendAsync("form.submitted", parent, "lecture-signup", new() { ["fields"] = new System.Text.Json.Nodes.JsonObject { ["relation"] = new System.Text.Json.Nodes.JsonArray("父母是患者", "本人") } });
        await site.AppendAsync("form.submitted", self, "lecture-signup", new() { ["fields"] = new System.Text.Json.Nodes.JsonObject { ["relation"] = "本人" } });
        await site.CatchUpAsync();
        Assert.Equal(1, await site.PointsEventsAsync(parent));
        Assert.Equal(0, await site.PointsEventsAsync(self));
    }

    [Fact]
    public async Task The_designer_serves_drawflow_from_the_site_and_saving_a_definition_validates_it()
    {
        await using var site = await WorkflowSite.StartAsync();
        var client = await site.Site.LoginAsync();

        var page = await client.GetStringAsync("/admin/workflows/new/edit");
        Assert.Contains("/TheAdmin/lib/drawflow/drawflow.min.js", page);
        Assert.Contains("data-palette=", page);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/TheAdmin/lib/drawflow/drawflow.min.js")).StatusCode);
        Assert.Contains("Drawflow", await client.GetStringAsync("/Lianjie.Workflows/js/designer.js"));

        // An enabled definition whose start is not an event is saved, but disabled, with the issue shown.
        var definition = """
            { "WorkflowTypeId": "designed", "Name": "Designed", "IsEnabled": true,
              "Activities": [ { "ActivityId": "p", "Name": "AddPointsTask", "IsStart": true, "Properties": { "Dimension": "interaction", "Amount": 1 } } ],
              "Transitions": [] }
            """;
        var response = await TestSite.PostFormAsync(client, "/admin/workflows/new/edit", "/admin/workflows/new/edit", new() { ["definition"] = definition });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("AddPointsTask", saved);
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowTypes\" WHERE \"WorkflowTypeId\" = 'designed' AND \"IsEnabled\" = FALSE"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'workflows.save'"));
    }
}
