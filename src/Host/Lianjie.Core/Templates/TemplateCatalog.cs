using System.Collections.Concurrent;
using Fluid;
using Lianjie.Core.Shells;

namespace Lianjie.Core.Templates;

/// <summary>
/// Liquid templates embedded in the enabled features' assemblies (Views/Name.liquid), parsed once.
/// Site overrides, when a feature provides them, win over the embedded copy.
/// </summary>
public sealed class TemplateCatalog
{
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = true });
    private readonly Dictionary<string, (System.Reflection.Assembly Assembly, string Resource)> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.OrdinalIgnoreCase);
    private readonly IEnumerable<ITemplateOverrideSource> _overrides;

    public TemplateCatalog(FeatureAssemblies assemblies, IEnumerable<ITemplateOverrideSource> overrides)
    {
        _overrides = overrides;
        foreach (var assembly in assemblies.Assemblies)
        {
            foreach (var resource in assembly.GetManifestResourceNames())
            {
                var marker = resource.IndexOf(".Views.", StringComparison.Ordinal);
                if (marker >= 0 && resource.EndsWith(".liquid", StringComparison.Ordinal))
                {
                    var name = resource[(marker + 7)..^7];
                    _resources[name] = (assembly, resource);
                }
            }
        }
    }

    public IEnumerable<string> Names => _resources.Keys;

    public bool Exists(string name) => _resources.ContainsKey(name);

    public string? Source(string name)
    {
        if (!_resources.TryGetValue(name, out var entry))
        {
            return null;
        }

        using var stream = entry.Assembly.GetManifestResourceStream(entry.Resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<IFluidTemplate> GetAsync(string name)
    {
        foreach (var source in _overrides)
        {
            var text = await source.FindAsync(name);
            if (text is not null)
            {
                return Parse(name, text);
            }
        }

        return _parsed.GetOrAdd(name, n => Parse(n, Source(n) ?? throw new InvalidOperationException($"Template '{n}' was not found in any enabled feature.")));
    }

    public static IFluidTemplate Parse(string name, string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template '{name}' has an error: {error}");

    public static bool TryParse(string source, out string? error)
    {
        var ok = Parser.TryParse(source, out _, out error);
        return ok;
    }
}

/// <summary>Lets a feature override templates from site data (e.g. the Templates recipe step).</summary>
public interface ITemplateOverrideSource
{
    ValueTask<string?> FindAsync(string name);
}
