using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// An extra global function for workflow scripts, contributed by a module through DI
/// (e.g. a CRM module exposing "followerTags()"). Arguments and the result are plain JSON.
/// </summary>
public sealed record WorkflowScriptFunction(string Name, Func<WorkflowExecutionContext, JsonNode?[], JsonNode?> Invoke);
