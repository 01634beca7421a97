using Lianjie.Core.Followers;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Channels;

/// <summary>
/// A subscribe or SCAN through a channel's code: applies the channel's tag and answers with its
/// welcome reply. Registered before the generic auto replies, so a channel's welcome wins; a channel
/// without a welcome text falls through to them.
/// </summary>
internal sealed class WeChatChannelReplyProvider(WeChatChannelService channels, IServiceProvider services, TimeProvider clock, ILogger<WeChatChannelReplyProvider> logger) : IWeChatReplyProvider
{
    public const string TagOrigin = "channel";

    public async Task<string?> ReplyAsync(WeChatAccountKeys account, WeChatInboundMessage message, long followerId, CancellationToken cancellationToken)
    {
        var isFollowOrScan = message.IsEvent && (string.Equals(message.Event, "subscribe", StringComparison.OrdinalIgnoreCase) || string.Equals(message.Event, "SCAN", StringComparison.OrdinalIgnoreCase));
        if (!isFollowOrScan || message.SceneFromEventKey is not { Length: > 0 } scene)
        {
            return null;
        }

        var channel = await channels.FindBySceneAsync(account.AppId, scene, cancellationToken);
        if (channel is null)
        {
            return null;
        }

        if (channel.TargetTag is { } tag && services.GetService<IFollowerTagService>() is { } tags)
        {
            // The event is already durable; a failed tag must not cost the follower the welcome.
            try
            {
                var change = await tags.AddAsync(followerId, tag, new TagChangeOrigin(TagOrigin, channel.Name, "scene " + scene), cancellationToken);
                if (!change.Succeeded)
                {
                    logger.LogWarning("Channel {Scene} of {AppId}: tag {Tag} not applied to follower {Follower}: {Status} {Message}", scene, account.AppId, tag, followerId, change.Status, change.Message);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Data.Common.DbException)
            {
                logger.LogError(e, "Channel {Scene} of {AppId}: tagging follower {Follower} failed", scene, account.AppId, followerId);
            }
        }

        return channel.WelcomeReply is { } text
            ? WeChatReplyWriter.Text(message.FromUserName, message.ToUserName, clock.GetUtcNow().ToUnixTimeSeconds(), text)
            : null;
    }
}
