using Lianjie.Core.Modules;

namespace Lianjie.WeChat.Simulator;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.WeChat.Simulator",
        "WeChat simulator",
        "A fake WeChat platform for simulated accounts (API endpoints with the real limits and error codes) and a phone that sends signed, encrypted callbacks.",
        "WeChat",
        ["Lianjie.WeChat"],
        typeof(Startup));
}
