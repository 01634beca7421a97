using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Microsoft.Extensions.Configuration;

namespace Lianjie.Core.Recipes;

/// <summary>
/// Evaluates Orchard's bracketed recipe values: "[js: variables('x')]", "[file:text('a.txt')]".
/// A bracketed string whose prefix is not letters only (e.g. "[1:2]") stays literal.
/// </summary>
public sealed partial class RecipeScriptEvaluator
{
    private readonly Engine _engine;
    private readonly JsonObject _variables = [];
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly IConfiguration? _configuration;
    private readonly string? _basePath;

    public RecipeScriptEvaluator(JsonObject variables, IReadOnlyDictionary<string, string>? parameters, IConfiguration? configuration, string? basePath)
    {
        _parameters = parameters ?? new Dictionary<string, string>();
        _configuration = configuration;
        _basePath = basePath;
        _engine = new Engine(o => o
            .TimeoutInterval(TimeSpan.FromSeconds(2))
            .LimitMemory(32_000_000)
            .MaxStatements(100_000)
            .LimitRecursion(64));
        _engine.SetValue("variables", new Func<string, JsValue>(name => ToJs(_variables[name])));
        _engine.SetValue("parameters", new Func<string, string?>(name => _parameters.TryGetValue(name, out var value) ? value : null));
        _engine.SetValue("configuration", new Func<string, JsValue, JsValue>((key, fallback) =>
            _configuration?[key] is { } value ? new JsString(value) : fallback));
        _engine.SetValue("uuid", new Func<string>(() => Guid.NewGuid().ToString("N")[..26]));
        _engine.SetValue("base64", new Func<string, string>(text => Encoding.UTF8.GetString(Convert.FromBase64String(text))));
        _engine.SetValue("text", new Func<string, string>(ReadRecipeFile));

        // Orchard helpers that recipes use in values; Lianjie has no URL prefix per tenant.
        _engine.SetValue("getUrlPrefix", new Func<string?, string>(path => path ?? string.Empty));
        _engine.SetValue("createWorkflowToken", new Func<string, string, string>((type, activity) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{type}:{activity}")).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

        // Variables may use earlier variables; each is evaluated once so uuid() stays stable.
        foreach (var (name, value) in variables)
        {
            _variables[name] = Evaluate(value?.DeepClone());
        }
    }

    public IReadOnlyList<string> Warnings => _warnings;

    private readonly List<string> _warnings = [];

    /// <summary>Returns a copy of <paramref name="node"/> with every scripted string replaced by its value.</summary>
    public JsonNode? Evaluate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject(RecipeReader.NodeOptions);
                foreach (var (key, value) in obj)
                {
                    copy[key] = Evaluate(value?.DeepClone());
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(item => Evaluate(item?.DeepClone())).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return EvaluateString(value.GetValue<string>()) ?? value.DeepClone();
            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? EvaluateString(string text)
    {
        var match = ScriptPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var prefix = match.Groups["prefix"].Value.ToLowerInvariant();
        var body = match.Groups["body"].Value;
        if (prefix is not ("js" or "file"))
        {
            _warnings.Add($"Unknown script prefix '{prefix}' in \"{text}\"; the value was kept as written.");
            return null;
        }

        try
        {
            var result = _engine.Evaluate(body);
            return result.IsNull() || result.IsUndefined()
                ? null
                : JsonSerializer.SerializeToNode(result.ToObject());
        }
        catch (Exception e) when (e is Jint.Runtime.JavaScriptException or Jint.Runtime.ExecutionCanceledException or Jint.Runtime.StatementsCountOverflowException or Jint.Runtime.MemoryLimitExceededException or Jint.Runtime.RecursionDepthOverflowException or FormatException or IOException)
        {
            throw new RecipeStepException($"Script {text} failed: {e.Message}");
        }
    }

    private string ReadRecipeFile(string relative)
    {
        if (_basePath is null)
        {
            throw new IOException("This recipe has no folder, so it cannot read files.");
        }

        var full = Path.GetFullPath(Path.Combine(_basePath, relative));
        if (!full.StartsWith(Path.GetFullPath(_basePath), StringComparison.Ordinal))
        {
            throw new IOException($"'{relative}' is outside the recipe's folder.");
        }

        if (!File.Exists(full))
        {
            // A recipe copied without its side files still imports; the report says what is missing.
            _warnings.Add($"File '{relative}' was not found next to the recipe; the value was left empty.");
            return string.Empty;
        }

        return File.ReadAllText(full);
    }

    private static JsValue ToJs(JsonNode? node) => node switch
    {
        null => JsValue.Null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new JsString(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new JsNumber(v.GetValue<double>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => JsBoolean.True,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => JsBoolean.False,
        _ => new JsString(node.ToJsonString()),
    };

    [GeneratedRegex(@"^\[(?<prefix>[A-Za-z]+):(?<body>.*)\]$", RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();
}
