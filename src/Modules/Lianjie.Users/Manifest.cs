using Lianjie.Core.Modules;

namespace Lianjie.Users;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.Users",
        "Users and roles",
        "Admin accounts, sign-in with lockout, roles with permissions, API keys.",
        "Security",
        [],
        typeof(Startup))
    {
        AlwaysEnabled = true,
    };
}
