using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>Answers a subscribe with the welcome message and a text with the first matching keyword reply.</summary>
internal sealed class WeChatAutoReplyProvider(WeChatAutoReplyService replies, TimeProvider clock) : IWeChatReplyProvider
{
    public async Task<string?> ReplyAsync(WeChatAccountKeys account, WeChatInboundMessage message, long followerId, CancellationToken cancellationToken) =>
        await replies.FindReplyAsync(account.AppId, message, cancellationToken) is { } text
            ? WeChatReplyWriter.Text(message.FromUserName, message.ToUserName, clock.GetUtcNow().ToUnixTimeSeconds(), text)
            : null;
}
