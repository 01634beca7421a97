using Lianjie.Core.Modules;

namespace Lianjie.Admin;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.Admin",
        "Admin",
        "Dashboard, features, settings, recipes and the audit log.",
        "Admin",
        ["Lianjie.Users", "TheAdmin"],
        typeof(Startup))
    {
        AlwaysEnabled = true,
    };
}
