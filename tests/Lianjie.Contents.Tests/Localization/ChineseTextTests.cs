using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianjie.Contents.Services;

namespace Lianjie.Contents.Tests.Localization;

public partial class ChineseTextTests
{
    public static TheoryData<string> Assemblies() => new("Lianjie.Contents", "WeChatH5");

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_translated_text_in_the_views_has_chinese(string assemblyName)
    {
        var assembly = assemblyName == "Lianjie.Contents" ? typeof(ContentManager).Assembly : Assembly.Load(assemblyName);
        var chinese = Read<Dictionary<string, string>>(assembly, assembly.GetManifestResourceNames().Single(r => r.EndsWith(".Localization.zh-CN.json", StringComparison.Ordinal)));
        var missing = assembly.GetManifestResourceNames()
            .Where(r => r.Contains(".Views.", StringComparison.Ordinal))
            .SelectMany(r => TranslatedText().Matches(ReadText(assembly, r)).Select(m => m.Groups[1].Value))
            .Where(text => !chinese.ContainsKey(text))
            .Distinct()
            .ToList();

        Assert.Empty(missing);
        Assert.All(chinese.Values, value => Assert.Matches("\\p{IsCJKUnifiedIdeographs}", value));
    }

    private static T Read<T>(Assembly assembly, string resource) => JsonSerializer.Deserialize<T>(ReadText(assembly, resource))!;

    private static string ReadText(Assembly assembly, string resource)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("[\"']([^\"'{}]+)[\"'] \\| t\\b")]
    private static partial Regex TranslatedText();
}
