using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.Options;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class JintWorkflowScriptEvaluatorTests
{
    private static WorkflowExecutionContext NewContext()
    {
        var instance = new WorkflowInstance { WorkflowId = "wf1", CorrelationId = "openid-9" };
        instance.State.Input["Name"] = "张三";
        instance.State.Properties["Score"] = 41;
        instance.State.LastResult = new JsonObject { ["StatusCode"] = 201 };
        return new WorkflowExecutionContext(new WorkflowType(), instance);
    }

    private static JintWorkflowScriptEvaluator Evaluator(Action<WorkflowOptions>? configure = null, params WorkflowScriptFunction[] functions)
    {
        var options = new WorkflowOptions();
        configure?.Invoke(options);
        return new JintWorkflowScriptEvaluator(Options.Create(options), functions);
    }

    [Fact]
    public async Task Workflow_functions_read_and_write_instance_state()
    {
        var context = NewContext();

        var result = await Evaluator().EvaluateAsync(
            """
            setProperty('Greeting', 'Hi ' + input('Name'));
            setProperty('Tags', ['vip', correlationId()]);
            output('Total', property('Score') + 1);
            setOutcome('Greeted');
            lastResult().StatusCode
            """,
            context);

        Assert.Equal(201, result.Value!.GetValue<int>());
        Assert.True(result.IsTruthy);
        Assert.Equal(["Greeted"], result.Outcomes);
        Assert.Equal("Hi 张三", context.Properties["Greeting"]!.GetValue<string>());
        Assert.Equal("""["vip","openid-9"]""", context.Properties["Tags"]!.ToJsonString());
        Assert.Equal(42, context.Output["Total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Infinite_loop_is_stopped_with_a_timeout_message()
    {
        var ex = await Assert.ThrowsAsync<WorkflowScriptException>(async () =>
            await Evaluator(o => o.ScriptTimeout = TimeSpan.FromMilliseconds(200)).EvaluateAsync("while (true) {}", NewContext()));

        Assert.Equal(ScriptFailureKind.Timeout, ex.Kind);
        Assert.Contains("timed out", ex.Message);
    }

    [Fact]
    public async Task Unbounded_allocation_is_stopped_with_a_memory_message()
    {
        var ex = await Assert.ThrowsAsync<WorkflowScriptException>(async () =>
            await Evaluator().EvaluateAsync("var a = []; while (true) { a.push('x'.repeat(100000)); }", NewContext()));

        Assert.Equal(ScriptFailureKind.MemoryLimit, ex.Kind);
        Assert.Contains("memory limit", ex.Message);
    }

    [Fact]
    public async Task Runaway_recursion_and_statement_floods_are_stopped()
    {
        var recursion = await Assert.ThrowsAsync<WorkflowScriptException>(async () =>
            await Evaluator().EvaluateAsync("function f() { return f(); } f();", NewContext()));
        var statements = await Assert.ThrowsAsync<WorkflowScriptException>(async () =>
            await Evaluator(o => o.ScriptMaxStatements = 1000).EvaluateAsync("for (var i = 0; i < 100000; i++) {}", NewContext()));

        Assert.Equal(ScriptFailureKind.RecursionLimit, recursion.Kind);
        Assert.Equal(ScriptFailureKind.StatementLimit, statements.Kind);
    }

    [Fact]
    public async Task Scripts_have_no_clr_access_and_run_in_strict_mode()
    {
        var evaluator = Evaluator();

        var probe = await evaluator.EvaluateAsync("typeof importNamespace + '|' + typeof System + '|' + typeof clrHelper", NewContext());
        var strict = await Assert.ThrowsAsync<WorkflowScriptException>(async () => await evaluator.EvaluateAsync("undeclared = 1;", NewContext()));

        Assert.Equal("undefined|undefined|undefined", probe.Value!.GetValue<string>());
        Assert.Equal(ScriptFailureKind.Error, strict.Kind);
        Assert.Contains("undeclared", strict.Message);
    }

    [Fact]
    public async Task Modules_can_add_script_functions()
    {
        var tagsOf = new WorkflowScriptFunction("followerTags", (wc, args) => new JsonArray("vip", args[0]?.GetValue<string>()));

        var result = await Evaluator(null, tagsOf).EvaluateAsync("followerTags('new').join(',')", NewContext());

        Assert.Equal("vip,new", result.Value!.GetValue<string>());
    }
}
