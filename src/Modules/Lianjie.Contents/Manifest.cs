using Lianjie.Core.Modules;

namespace Lianjie.Contents;

public sealed class Manifest : IModuleManifest
{
    public ModuleInfo Module { get; } = new(
        "Lianjie.Contents",
        "Content",
        "Content types, articles with drafts and scheduled publishing, H5 article pages with read and share tracking.",
        "Content",
        ["WeChatH5"],
        typeof(Startup));
}
