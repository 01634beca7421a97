using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Microsoft.Extensions.Options;

namespace Lianjie.Workflows.Engine;

/// <summary>Fluid-based Liquid renderer. Parsed templates are cached; rendering is step-limited.</summary>
public sealed class FluidWorkflowLiquidEvaluator : IWorkflowLiquidEvaluator
{
    private const int MaxCachedTemplates = 1024;

    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _templateOptions;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);

    public FluidWorkflowLiquidEvaluator(IOptions<WorkflowOptions> options)
    {
        _templateOptions = new TemplateOptions { MaxSteps = options.Value.LiquidMaxSteps };

        // Orchard templates use "| raw"; output is never encoded here, so it is a pass-through.
        _templateOptions.Filters.AddFilter("raw", static (input, _, _) => input);
    }

    public async ValueTask<string> RenderAsync(string template, WorkflowExecutionContext workflowContext)
    {
        var parsed = Parse(template);
        var context = new TemplateContext(_templateOptions);
        context.SetValue("Workflow", BuildModel(workflowContext));

        try
        {
            return await parsed.RenderAsync(context, NullEncoder.Default);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new WorkflowScriptException(ScriptFailureKind.Error, $"Liquid error: {ex.Message}", ex);
        }
    }

    private IFluidTemplate Parse(string template)
    {
        if (_cache.TryGetValue(template, out var cached))
        {
            return cached;
        }

        if (!_parser.TryParse(template, out var parsed, out var error))
        {
            throw new WorkflowScriptException(ScriptFailureKind.Error, $"Liquid syntax error: {error}");
        }

        // Crude bound: templates come from a limited set of workflow definitions.
        if (_cache.Count >= MaxCachedTemplates)
        {
            _cache.Clear();
        }

        _cache[template] = parsed;
        return parsed;
    }

    private static Dictionary<string, object?> BuildModel(WorkflowExecutionContext wc) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["WorkflowId"] = wc.WorkflowId,
        ["CorrelationId"] = wc.CorrelationId,
        ["Input"] = ToPlain(wc.Input),
        ["Properties"] = ToPlain(wc.Properties),
        ["Output"] = ToPlain(wc.Output),
        ["LastResult"] = ToPlain(wc.LastResult),
    };

    // Fluid understands dictionaries, lists and primitives; JsonNode is converted to those.
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value), StringComparer.OrdinalIgnoreCase),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : value.ToJsonString(),
            _ => null,
        },
        _ => null,
    };
}
