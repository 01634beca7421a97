using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Microsoft.Extensions.Options;
using JsEngine = Jint.Engine;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Jint-based evaluator. Each evaluation gets a fresh engine in strict mode with time, memory,
/// statement and recursion limits and no CLR access: scripts only see JSON data and the functions below.
/// </summary>
public sealed class JintWorkflowScriptEvaluator(IOptions<WorkflowOptions> options, IEnumerable<WorkflowScriptFunction>? extraFunctions = null)
    : IWorkflowScriptEvaluator
{
    private readonly WorkflowOptions _options = options.Value;
    private readonly WorkflowScriptFunction[] _extraFunctions = [.. extraFunctions ?? []];

    public ValueTask<ScriptEvaluationResult> EvaluateAsync(string script, WorkflowExecutionContext workflowContext)
    {
        var outcomes = new List<string>();
        var engine = CreateEngine(workflowContext.CancellationToken);
        DefineGlobals(engine, workflowContext, outcomes);

        try
        {
            var value = engine.Evaluate(script);
            return ValueTask.FromResult(new ScriptEvaluationResult(JintJson.ToJson(engine, value), TypeConverter.ToBoolean(value), outcomes));
        }
        catch (Exception ex) when (Describe(ex) is { } failure)
        {
            throw failure;
        }
    }

    private JsEngine CreateEngine(CancellationToken cancellationToken) => new(o =>
    {
        o.Strict();
        o.TimeoutInterval(_options.ScriptTimeout);
        o.LimitMemory(_options.ScriptMemoryLimitBytes);
        o.MaxStatements(_options.ScriptMaxStatements);
        o.LimitRecursion(_options.ScriptRecursionLimit);
        o.CancellationToken(cancellationToken);
    });

    private void DefineGlobals(JsEngine engine, WorkflowExecutionContext wc, List<string> outcomes)
    {
        Define(engine, "input", args => JintJson.ToJs(engine, wc.Input[NameArg(args)]));
        Define(engine, "property", args => JintJson.ToJs(engine, wc.Properties[NameArg(args)]));
        Define(engine, "setProperty", args =>
        {
            wc.Properties[NameArg(args)] = JintJson.ToJson(engine, Arg(args, 1));
            return JsValue.Undefined;
        });
        Define(engine, "output", args =>
        {
            if (args.Length > 1)
            {
                wc.Output[NameArg(args)] = JintJson.ToJson(engine, args[1]);
                return JsValue.Undefined;
            }

            return JintJson.ToJs(engine, wc.Output[NameArg(args)]);
        });
        Define(engine, "lastResult", _ => JintJson.ToJs(engine, wc.LastResult));
        Define(engine, "correlationId", _ => wc.CorrelationId is { } id ? new JsString(id) : JsValue.Null);
        Define(engine, "workflowId", _ => new JsString(wc.WorkflowId));
        Define(engine, "setOutcome", args =>
        {
            outcomes.Add(NameArg(args));
            return JsValue.Undefined;
        });

        foreach (var function in _extraFunctions)
        {
            Define(engine, function.Name, args =>
                JintJson.ToJs(engine, function.Invoke(wc, [.. args.Select(a => JintJson.ToJson(engine, a))])));
        }
    }

    private static void Define(JsEngine engine, string name, Func<JsValue[], JsValue> body) =>
        engine.SetValue(name, new ClrFunction(engine, name, (_, args) => body(args)));

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    private static string NameArg(JsValue[] args) => TypeConverter.ToString(Arg(args, 0));

    // Translates sandbox violations into messages an operator can act on.
    private WorkflowScriptException? Describe(Exception ex) => ex switch
    {
        WorkflowScriptException => null,
        ExecutionCanceledException => null,
        TimeoutException => new(ScriptFailureKind.Timeout,
            $"Script timed out: it ran longer than the limit of {_options.ScriptTimeout.TotalMilliseconds:0} ms (infinite loop?) and was stopped.", ex),
        MemoryLimitExceededException => new(ScriptFailureKind.MemoryLimit,
            $"Script exceeded the memory limit of {_options.ScriptMemoryLimitBytes} bytes and was stopped.", ex),
        StatementsCountOverflowException => new(ScriptFailureKind.StatementLimit,
            $"Script exceeded the limit of {_options.ScriptMaxStatements} statements (infinite loop?) and was stopped.", ex),
        RecursionDepthOverflowException => new(ScriptFailureKind.RecursionLimit,
            $"Script exceeded the recursion limit of {_options.ScriptRecursionLimit} calls and was stopped.", ex),
        JavaScriptException js => new(ScriptFailureKind.Error, $"Script error: {js.Message} (line {js.Location.Start.Line}).", ex),
        _ => new(ScriptFailureKind.Error, $"Script error: {ex.Message}", ex),
    };
}
