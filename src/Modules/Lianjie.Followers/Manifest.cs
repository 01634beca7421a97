using Lianjie.Core.Modules;

namespace Lianjie.Followers;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.Followers",
        "Followers",
        "Follower profiles, consent and data rights, import and export, search, and the behaviour events API.",
        "CRM",
        [],
        typeof(Startup));
}
