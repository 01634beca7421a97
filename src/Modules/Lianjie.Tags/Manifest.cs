using Lianjie.Core.Modules;

namespace Lianjie.Tags;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.Tags",
        "Tags",
        "Tag groups and tags for followers: exclusive groups, limits, sensitive (health) tags with consent, expiry, bulk tagging.",
        "CRM",
        ["Lianjie.Followers"],
        typeof(Startup));
}
