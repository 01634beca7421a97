using Lianjie.Core.Modules;

namespace TheAdmin;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "TheAdmin",
        "The admin theme",
        "Bootstrap layout for the admin: left menu, language switch, plain pages for sign-in and setup.",
        "Theme",
        [],
        typeof(Startup))
    {
        AlwaysEnabled = true,
    };
}

public sealed class Startup : ModuleStartup
{
}
