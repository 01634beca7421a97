using Lianjie.Core.Modules;

namespace Lianjie.WeChat;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.WeChat",
        "WeChat Official Accounts",
        "Accounts, the signed callback endpoint, the API client with a shared token cache, the outbox and H5 OAuth identity.",
        "WeChat",
        ["Lianjie.Followers"],
        typeof(Startup));
}
