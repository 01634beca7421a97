namespace Lianjie.Core.Modules;

/// <summary>What a module's Manifest.cs declares: its main feature plus any extra features.</summary>
public sealed record ModuleInfo(
    string Id,
    string Name,
    string Description,
    string Category,
    IReadOnlyList<string> Dependencies,
    Type StartupType)
{
    /// <summary>Features besides the module's main one (same id as the module).</summary>
    public IReadOnlyList<FeatureInfo> ExtraFeatures { get; init; } = [];

    /// <summary>Always-enabled modules (users, admin shell) cannot be disabled.</summary>
    public bool AlwaysEnabled { get; init; }
}

/// <summary>A unit that can be switched on and off while the site runs.</summary>
public sealed record FeatureInfo(
    string Id,
    string Name,
    string Description,
    string Category,
    IReadOnlyList<string> Dependencies,
    Type? StartupType)
{
    public string ModuleId { get; init; } = Id;

    public bool AlwaysEnabled { get; init; }

    public System.Reflection.Assembly? Assembly => StartupType?.Assembly;
}

/// <summary>Implemented once per module project, in Manifest.cs.</summary>
public interface IModuleManifest
{
    ModuleInfo Module { get; }
}
