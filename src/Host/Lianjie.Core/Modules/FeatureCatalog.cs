using System.Reflection;

namespace Lianjie.Core.Modules;

/// <summary>All features known to the process, validated once: unknown dependencies and cycles fail start-up.</summary>
public sealed class FeatureCatalog
{
    private readonly Dictionary<string, FeatureInfo> _features;

    public FeatureCatalog(IEnumerable<FeatureInfo> features)
    {
        _features = new Dictionary<string, FeatureInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var feature in features)
        {
            if (!_features.TryAdd(feature.Id, feature))
            {
                throw new FeatureCatalogException($"Feature '{feature.Id}' is declared twice.");
            }
        }

        foreach (var feature in _features.Values)
        {
            foreach (var dependency in feature.Dependencies)
            {
                if (!_features.ContainsKey(dependency))
                {
                    throw new FeatureCatalogException($"Feature '{feature.Id}' depends on unknown feature '{dependency}'.");
                }
            }
        }

        DetectCycles();
    }

    public IReadOnlyCollection<FeatureInfo> All => _features.Values;

    public IEnumerable<FeatureInfo> AlwaysEnabled => _features.Values.Where(f => f.AlwaysEnabled);

    public static FeatureCatalog FromManifests(IEnumerable<IModuleManifest> manifests)
    {
        var features = new List<FeatureInfo>();
        foreach (var manifest in manifests)
        {
            var module = manifest.Module;
            features.Add(new FeatureInfo(module.Id, module.Name, module.Description, module.Category, module.Dependencies, module.StartupType)
            {
                AlwaysEnabled = module.AlwaysEnabled,
            });
            features.AddRange(module.ExtraFeatures.Select(f => f with { ModuleId = module.Id }));
        }

        return new FeatureCatalog(features);
    }

    public static FeatureCatalog FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        var manifests = assemblies
            .SelectMany(SafeTypes)
            .Where(t => typeof(IModuleManifest).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IModuleManifest)Activator.CreateInstance(t)!);
        return FromManifests(manifests);
    }

    public bool TryGet(string id, out FeatureInfo feature) => _features.TryGetValue(id, out feature!);

    public FeatureInfo Get(string id) =>
        _features.TryGetValue(id, out var feature) ? feature : throw new UnknownFeatureException(id);

    /// <summary>The given features plus everything they need, dependencies first.</summary>
    public IReadOnlyList<FeatureInfo> WithDependencies(IEnumerable<string> ids)
    {
        var ordered = new List<FeatureInfo>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            Visit(Get(id));
        }

        return ordered;

        void Visit(FeatureInfo feature)
        {
            if (!seen.Add(feature.Id))
            {
                return;
            }

            foreach (var dependency in feature.Dependencies)
            {
                Visit(Get(dependency));
            }

            ordered.Add(feature);
        }
    }

    /// <summary>Enabled features that (directly or not) need <paramref name="id"/>.</summary>
    public IReadOnlyList<string> DependentsOf(string id, IEnumerable<string> enabled)
    {
        var enabledSet = enabled.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return enabledSet
            .Where(e => !string.Equals(e, id, StringComparison.OrdinalIgnoreCase) && _features.ContainsKey(e))
            .Where(e => WithDependencies([e]).Any(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private void DetectCycles()
    {
        var state = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var path = new Stack<string>();
        foreach (var feature in _features.Values)
        {
            Walk(feature.Id);
        }

        void Walk(string id)
        {
            state.TryGetValue(id, out var s);
            if (s == 2)
            {
                return;
            }

            if (s == 1)
            {
                var cycle = path.Reverse().SkipWhile(p => !string.Equals(p, id, StringComparison.OrdinalIgnoreCase)).Append(id);
                throw new FeatureCatalogException($"Module dependency cycle: {string.Join(" -> ", cycle)}");
            }

            state[id] = 1;
            path.Push(id);
            foreach (var dependency in _features[id].Dependencies)
            {
                Walk(dependency);
            }

            path.Pop();
            state[id] = 2;
        }
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}

public class FeatureCatalogException(string message) : Exception(message);

public sealed class UnknownFeatureException(string id) : FeatureCatalogException($"Unknown feature '{id}'.")
{
    public string FeatureId { get; } = id;
}

/// <summary>Disabling a feature that enabled features still need.</summary>
public sealed class FeatureInUseException(string id, IReadOnlyList<string> dependents)
    : Exception($"Cannot disable '{id}': it is needed by {string.Join(", ", dependents)}.")
{
    public string FeatureId { get; } = id;

    public IReadOnlyList<string> Dependents { get; } = dependents;
}
