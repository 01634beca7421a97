using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests;

/// <summary>Builds workflow types in tests without hand-writing JSON.</summary>
internal sealed class WorkflowBuilder
{
    private readonly WorkflowType _type;

    public WorkflowBuilder(string name = "Test workflow")
    {
        _type = new WorkflowType { WorkflowTypeId = Guid.NewGuid().ToString("n"), Name = name, IsEnabled = true };
    }

    public static JsonObject Expr(string expression) => new() { ["Expression"] = expression };

    public WorkflowBuilder Start(string id, string activityName, JsonObject? properties = null) => Add(id, activityName, properties, true);

    public WorkflowBuilder Activity(string id, string activityName, JsonObject? properties = null) => Add(id, activityName, properties, false);

    /// <summary>SetPropertyTask shortcut: property = script value.</summary>
    public WorkflowBuilder Set(string id, string property, string valueScript) =>
        Activity(id, "SetPropertyTask", new JsonObject { ["PropertyName"] = property, ["Value"] = Expr(valueScript) });

    public WorkflowBuilder Connect(string from, string outcome, string to)
    {
        _type.Transitions.Add(new Transition { SourceActivityId = from, SourceOutcomeName = outcome, DestinationActivityId = to });
        return this;
    }

    public WorkflowBuilder Singleton()
    {
        _type.IsSingleton = true;
        return this;
    }

    public WorkflowBuilder DeleteFinished()
    {
        _type.DeleteFinishedWorkflows = true;
        return this;
    }

    public WorkflowType Build() => _type;

    private WorkflowBuilder Add(string id, string activityName, JsonObject? properties, bool isStart)
    {
        _type.Activities.Add(new ActivityRecord { ActivityId = id, Name = activityName, IsStart = isStart, Properties = properties ?? [] });
        return this;
    }
}
