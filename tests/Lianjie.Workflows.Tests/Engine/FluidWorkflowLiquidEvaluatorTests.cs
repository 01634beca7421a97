using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.Options;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class FluidWorkflowLiquidEvaluatorTests
{
    private readonly FluidWorkflowLiquidEvaluator _evaluator = new(Options.Create(new WorkflowOptions { LiquidMaxSteps = 500 }));

    private static WorkflowExecutionContext NewContext()
    {
        var instance = new WorkflowInstance { WorkflowId = "wf1", CorrelationId = "o-1" };
        instance.State.Input["Nickname"] = "<小明>";
        instance.State.Input["Tags"] = new JsonArray("vip", "beijing");
        instance.State.Properties["Points"] = 41;
        return new WorkflowExecutionContext(new WorkflowType(), instance);
    }

    [Fact]
    public async Task Renders_workflow_input_and_properties_without_html_encoding()
    {
        var text = await _evaluator.RenderAsync(
            "Hi {{ Workflow.Input.Nickname }}, points {{ Workflow.Properties.Points | plus: 1 }}, {{ Workflow.Input.Tags | join: '/' }} ({{ Workflow.CorrelationId }}) {{ '<b>' | raw }}",
            NewContext());

        Assert.Equal("Hi <小明>, points 42, vip/beijing (o-1) <b>", text);
    }

    [Fact]
    public async Task Syntax_errors_and_runaway_loops_raise_script_exceptions()
    {
        await Assert.ThrowsAsync<WorkflowScriptException>(async () => await _evaluator.RenderAsync("{% if %}", NewContext()));
        await Assert.ThrowsAsync<WorkflowScriptException>(async () =>
            await _evaluator.RenderAsync("{% for i in (1..100000) %}{{ i }}{% endfor %}", NewContext()));
    }
}
