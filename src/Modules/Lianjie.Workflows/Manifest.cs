using Lianjie.Core.Modules;

namespace Lianjie.Workflows;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.Workflows",
        "Workflows and tag rules",
        "Automation on follower behaviour: Orchard-shaped workflows, tag rules, counting conditions, timers.",
        "Automation",
        ["Lianjie.Followers"],
        typeof(Startup));
}
