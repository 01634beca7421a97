using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Rules;

/// <summary>
/// A tag rule as the simple form shows it: when ⟨event + filters + count + window⟩ then ⟨add/remove
/// tags, points, message⟩. Saved as an ordinary workflow type (openable in the designer); the form
/// values ride along on the start activity under "TagRule" so the form can be reopened.
/// </summary>
public sealed class TagRule
{
    public const string FormProperty = "TagRule";

    public string? WorkflowTypeId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A CRM event activity name, e.g. "ArticleReadEvent".</summary>
    public string Event { get; set; } = "ArticleReadEvent";

    /// <summary>Event filters by property name, e.g. InterestTag = 肝病, or Field = relation and Value = 父母是患者.</summary>
    public Dictionary<string, string> Filters { get; set; } = [];

    public int Count { get; set; } = 1;

    public int WithinDays { get; set; } = 30;

    public List<string> AddTags { get; set; } = [];

    public List<string> RemoveTags { get; set; } = [];

    public string? PointsDimension { get; set; }

    public double PointsAmount { get; set; }

    public string? MessageText { get; set; }

    public bool IsEnabled { get; set; }

    public WorkflowType ToWorkflowType()
    {
        var start = new JsonObject();
        foreach (var (key, value) in Filters.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
        {
            start[key] = value.Trim();
        }

        if (Count > 1)
        {
            start["Count"] = Count;
            start["WithinDays"] = WithinDays;
        }

        start[FormProperty] = JsonSerializer.SerializeToNode(this, WorkflowJson.Options);
        var type = new WorkflowType
        {
            WorkflowTypeId = string.IsNullOrWhiteSpace(WorkflowTypeId) ? Guid.NewGuid().ToString("n") : WorkflowTypeId,
            Name = Name.Trim(),
            IsEnabled = IsEnabled,
            Activities = [new ActivityRecord { ActivityId = "when", Name = Event, IsStart = true, X = 40, Y = 80, Properties = start }],
        };

        var previous = (Id: "when", Outcomes: new[] { "Done" });
        void Then(string id, string activity, JsonObject properties, string[] outcomes)
        {
            type.Activities.Add(new ActivityRecord { ActivityId = id, Name = activity, X = 40 + (type.Activities.Count * 240), Y = 80, Properties = properties });
            foreach (var outcome in previous.Outcomes)
            {
                type.Transitions.Add(new Transition { SourceActivityId = previous.Id, SourceOutcomeName = outcome, DestinationActivityId = id });
            }

            previous = (id, outcomes);
        }

        // A refused tag (e.g. no health consent) must not stop the other actions: both outcomes go on.
        if (AddTags.Count > 0)
        {
            Then("addTags", "AddTagTask", new JsonObject { ["Tags"] = new JsonArray([.. AddTags.Select(t => (JsonNode)t)]) }, ["Done", "Refused"]);
        }

        if (RemoveTags.Count > 0)
        {
            Then("removeTags", "RemoveTagTask", new JsonObject { ["Tags"] = new JsonArray([.. RemoveTags.Select(t => (JsonNode)t)]) }, ["Done", "Refused"]);
        }

        if (!string.IsNullOrWhiteSpace(PointsDimension) && PointsAmount != 0)
        {
            Then("points", "AddPointsTask", new JsonObject { ["Dimension"] = PointsDimension, ["Amount"] = PointsAmount, ["Reason"] = Name }, ["Done"]);
        }

        if (!string.IsNullOrWhiteSpace(MessageText))
        {
            Then("message", "SendWeChatMessageTask", new JsonObject { ["Kind"] = "customer_service", ["Text"] = MessageText }, ["Done", "OptedOut"]);
        }

        return type;
    }

    /// <summary>The form behind a workflow type saved from the rules page; null for hand-made workflows.</summary>
    public static TagRule? From(WorkflowType type)
    {
        var start = type.StartActivities.FirstOrDefault();
        if (start?.Properties[FormProperty] is not JsonObject form)
        {
            return null;
        }

        var rule = form.Deserialize<TagRule>(WorkflowJson.Options);
        if (rule is not null)
        {
            rule.WorkflowTypeId = type.WorkflowTypeId;
            rule.IsEnabled = type.IsEnabled;
        }

        return rule;
    }
}
