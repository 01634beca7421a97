using System.Text.Json;
using Lianjie.Core.Shells;

namespace Lianjie.Core.Templates;

/// <summary>
/// UI text in English (the key) and Chinese, from each feature's embedded Localization/zh-CN.json.
/// </summary>
public sealed class TextCatalog
{
    private readonly Dictionary<string, string> _chinese = new(StringComparer.Ordinal);

    public TextCatalog(FeatureAssemblies assemblies)
    {
        foreach (var assembly in assemblies.Assemblies)
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.EndsWith(".Localization.zh-CN.json", StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
                foreach (var (key, value) in entries)
                {
                    _chinese[key] = value;
                }
            }
        }
    }

    public static bool IsChinese(string culture) => culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public string Translate(string text, string culture) =>
        IsChinese(culture) && _chinese.TryGetValue(text, out var translated) ? translated : text;

    public bool HasChinese(string text) => _chinese.ContainsKey(text);
}
