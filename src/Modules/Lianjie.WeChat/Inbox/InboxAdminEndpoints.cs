using System.Security.Claims;
using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Engagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.Inbox;

/// <summary>/admin/wechat/inbox: threads by last message, a thread with its reply box.</summary>
internal static class InboxAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/wechat/inbox").RequirePermission(WeChatEngagementPermissions.WeChatInbox).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, WeChatInboxService inbox, string? q, string? sort, int? page) =>
        {
            var result = await inbox.ListAsync(q, sort, page ?? 1);
            return await pages.AdminAsync("WeChat inbox", "WeChat.Inbox.Index", new
            {
                result.Items,
                result.Total,
                result.Page,
                result.Pages,
                Q = q,
                Sort = sort == "unread" ? "unread" : "last",
            });
        });

        admin.MapGet("/{id:long}", async (long id, string? message, PageRenderer pages, WeChatInboxService inbox, AuditLog audit) =>
            await inbox.FindAsync(id) is { } conversation
                ? await RenderThreadAsync(pages, inbox, audit, conversation, message, null, null, StatusCodes.Status200OK)
                : Results.NotFound());

        admin.MapPost("/{id:long}/reply", async (long id, HttpContext http, PageRenderer pages, WeChatInboxService inbox, AuditLog audit) =>
        {
            if (await inbox.FindAsync(id) is not { } conversation)
            {
                return Results.NotFound();
            }

            var text = (await http.Request.ReadFormAsync())["text"].ToString();
            try
            {
                await inbox.ReplyAsync(id, text, http.User.FindFirstValue(ClaimTypes.Name));
                return Results.Redirect($"/admin/wechat/inbox/{id}?message=reply-queued");
            }
            catch (InboxReplyRefusedException e)
            {
                return await RenderThreadAsync(pages, inbox, audit, conversation, null, e.Message, text, StatusCodes.Status400BadRequest);
            }
        });
    }

    private static async Task<IResult> RenderThreadAsync(PageRenderer pages, WeChatInboxService inbox, AuditLog audit, WeChatConversation conversation, string? message, string? error, string? draft, int status)
    {
        var thread = await inbox.ThreadAsync(conversation.Id);
        // Followers may write about their health: every read of a thread is audited.
        await audit.RecordAsync("wechat.inbox.read", $"{conversation.AppId}/{conversation.OpenId}");
        return await pages.AdminAsync("Conversation", "WeChat.Inbox.Thread", new
        {
            Conversation = conversation,
            Messages = thread.Select(v => new
            {
                v.Message.Direction,
                Inbound = v.Message.Direction == WeChatConversationMessage.Inbound,
                v.Message.MsgType,
                v.Message.Text,
                v.Message.Detail,
                v.Message.OccurredUtc,
                v.Message.SentBy,
                v.Delivery,
                v.DeliveryError,
            }).ToList(),
            CanReply = inbox.CanReply(conversation),
            ReplyClosesUtc = conversation.LastInboundUtc?.Add(Reactors.MessageRequestReactor.CustomerServiceWindow),
            Message = message,
            Error = error,
            Draft = draft,
        }, status);
    }
}
