using System.Text.Json;

namespace Lianjie.WeChat.Tests;

/// <summary>Access to the shared WeChat fixtures copied into the test output.</summary>
internal static class Fixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "wechat");

    public static string XmlDirectory { get; } = Path.Combine(Root, "xml");

    private static readonly Lazy<JsonDocument> VectorsDocument =
        new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "vectors.json"))));

    public static JsonElement Vectors => VectorsDocument.Value.RootElement;

    public static string ReadXml(string fileName) => File.ReadAllText(Path.Combine(XmlDirectory, fileName));

    public static IEnumerable<string> XmlFileNames() =>
        Directory.GetFiles(XmlDirectory, "*.xml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>Ids of every entry in one vectors.json array, as theory data.</summary>
    public static TheoryData<string> VectorIds(string arrayName)
    {
        var data = new TheoryData<string>();
        foreach (var vector in Vectors.GetProperty(arrayName).EnumerateArray())
            data.Add(vector.GetProperty("id").GetString()!);
        return data;
    }

    public static VectorReader Vector(string arrayName, string id) =>
        new(Vectors.GetProperty(arrayName).EnumerateArray().Single(v => v.GetProperty("id").GetString() == id));
}
