using Lianjie.Workflows.Engine;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Activities;

/// <summary>Writes the Liquid "Text" to the application log at "LogLevel" (name or number, default Information).</summary>
public sealed class LogTask(IWorkflowLiquidEvaluator liquidEvaluator, ILogger<LogTask> logger) : TaskActivity
{
    public override string Name => nameof(LogTask);

    public override string Category => "Primitives";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var text = await liquidEvaluator.RenderAsync(activityContext.GetExpression("Text") ?? "", workflowContext);
        logger.Log(ReadLevel(activityContext), "Workflow {WorkflowId}: {Text}", workflowContext.WorkflowId, text);
        return Outcomes("Done");
    }

    private static LogLevel ReadLevel(ActivityContext activityContext)
    {
        if (activityContext.GetNumber("LogLevel") is { } number && Enum.IsDefined((LogLevel)(int)number))
        {
            return (LogLevel)(int)number;
        }

        return Enum.TryParse<LogLevel>(activityContext.GetString("LogLevel"), ignoreCase: true, out var level) ? level : LogLevel.Information;
    }
}
