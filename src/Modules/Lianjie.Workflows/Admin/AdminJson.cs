using System.Text.Encodings.Web;
using System.Text.Json;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Admin;

internal static class AdminJson
{
    /// <summary>Readable JSON for admin pages: Chinese stays Chinese (the page's Liquid output encodes HTML).</summary>
    public static JsonSerializerOptions Indented { get; } = new(WorkflowJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
