using Lianjie.Core.Modules;

namespace WeChatH5;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "WeChatH5",
        "WeChat H5 theme",
        "Mobile pages for followers in WeChat's browser (WeUI): the H5 layout and the \"me\" page.",
        "Theme",
        [],
        typeof(Startup));
}
