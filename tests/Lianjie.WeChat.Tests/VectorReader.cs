using System.Text.Json;

namespace Lianjie.WeChat.Tests;

/// <summary>
/// Reads one vector and remembers which fields a test used, so a field added to vectors.json
/// that no test checks makes the test fail instead of being silently ignored.
/// </summary>
internal sealed class VectorReader
{
    private static readonly string[] Descriptive = ["id", "provenance", "source", "operation", "kind", "note"];

    private readonly JsonElement _element;
    private readonly HashSet<string> _used = new(Descriptive, StringComparer.Ordinal);

    public VectorReader(JsonElement element) => _element = element;

    public bool Has(string name) => _element.TryGetProperty(name, out _);

    public string Text(string name)
    {
        _used.Add(name);
        return _element.GetProperty(name).GetString()!;
    }

    public string? OptionalText(string name) => Has(name) ? Text(name) : null;

    public int Number(string name)
    {
        _used.Add(name);
        return _element.GetProperty(name).GetInt32();
    }

    public VectorReader Child(string name)
    {
        _used.Add(name);
        return new VectorReader(_element.GetProperty(name));
    }

    public string[] TextArray(string name)
    {
        _used.Add(name);
        return _element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    public void AssertAllUsed()
    {
        var unused = _element.EnumerateObject().Select(p => p.Name).Where(n => !_used.Contains(n)).ToArray();
        Assert.True(unused.Length == 0, $"Vector fields not checked by any assertion: {string.Join(", ", unused)}");
    }
}
