using Lianjie.Core.Followers;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>
/// Answers a subscribe with the welcome message and a text with the first matching keyword rule,
/// as text or one article card; a rule's tag is applied to the follower when the Tags module is on.
/// </summary>
internal sealed class WeChatAutoReplyProvider(WeChatAutoReplyService replies, IServiceProvider services, TimeProvider clock, ILogger<WeChatAutoReplyProvider> logger) : IWeChatReplyProvider
{
    public async Task<string?> ReplyAsync(WeChatAccountKeys account, WeChatInboundMessage message, long followerId, CancellationToken cancellationToken)
    {
        if (await replies.FindRuleAsync(account.AppId, message, cancellationToken) is not { } rule)
        {
            return null;
        }

        if (rule.TagName is { } tag && services.GetService<IFollowerTagService>() is { } tags)
        {
            var change = await tags.AddAsync(followerId, tag, new TagChangeOrigin("wechat", account.AppId, rule.Trigger == WeChatAutoReply.Welcome ? "welcome" : "keyword " + rule.Match), cancellationToken);
            if (!change.Succeeded)
            {
                logger.LogInformation("Auto-reply {Rule} could not tag follower {Follower} with {Tag}: {Status}", rule.Id, followerId, tag, change.Status);
            }
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return rule.ReplyKind == WeChatAutoReply.NewsReply
            ? WeChatReplyWriter.News(message.FromUserName, message.ToUserName, now, [new WeChatNewsArticle(rule.NewsTitle ?? string.Empty, rule.NewsDescription ?? string.Empty, rule.NewsPicUrl ?? string.Empty, rule.NewsUrl ?? string.Empty)])
            : WeChatReplyWriter.Text(message.FromUserName, message.ToUserName, now, rule.ReplyText);
    }
}
