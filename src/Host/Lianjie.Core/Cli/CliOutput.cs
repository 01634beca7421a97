using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lianjie.Core.Cli;

/// <summary>Writes either human text or one JSON document, as --json asks.</summary>
public sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool IsJson => json;

    public TextWriter Out => stdout;

    public void Result(object value, string text)
    {
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
        else
        {
            stdout.WriteLine(text);
        }
    }

    public void Error(string message, object? details = null)
    {
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { ok = false, error = message, details }, JsonOptions));
        }

        stderr.WriteLine($"error: {message}");
    }

    /// <summary>Progress only on a terminal, so scripts and JSON output stay clean.</summary>
    public void Progress(string text)
    {
        if (!json && !Console.IsErrorRedirected)
        {
            stderr.Write($"\r{text}   ");
        }
    }
}
