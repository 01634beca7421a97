using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Writes instance documents with serialization code generated at build time: the reactor stores one
/// per run, and the generated writer takes about half the time of the reflection-based one. The text is
/// the same as <see cref="WorkflowJson.Serialize{T}"/> writes (PascalCase, enums as names, nulls left out);
/// reading stays with <see cref="WorkflowJson"/>, which also accepts hand-written JSON.
/// </summary>
public static class WorkflowInstanceJson
{
    public static string Serialize(WorkflowInstance instance) => JsonSerializer.Serialize(instance, WorkflowInstanceJsonContext.Default.WorkflowInstance);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(WorkflowInstance))]
internal sealed partial class WorkflowInstanceJsonContext : JsonSerializerContext;
