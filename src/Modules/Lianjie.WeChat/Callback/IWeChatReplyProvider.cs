using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Callback;

/// <summary>
/// Decides the passive reply to a message once its event is durable (welcome message, keyword
/// rules). The first provider returning XML wins; none means "success".
/// </summary>
public interface IWeChatReplyProvider
{
    Task<string?> ReplyAsync(WeChatAccountKeys account, WeChatInboundMessage message, long followerId, CancellationToken cancellationToken);
}
