using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Engagement;

/// <summary>Tables of the menus, the customer-service inbox and the richer auto-replies (own module key, so it never collides with the core WeChat migration).</summary>
internal sealed class WeChatEngagementMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat.Engagement";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatMenus",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    DraftJson = t.Column<string>(nullable: true),
                    PublishedJson = t.Column<string>(nullable: true),
                    LastAction = t.Column<string>(maxLength: 20, nullable: true),
                    LastOutboxId = t.Column<long>(nullable: true),
                    LastActionUtc = t.Column<DateTime>(nullable: true),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatMenus", x => x.AppId));
        }),
        new(2, b =>
        {
            b.CreateTable(
                "WeChatConversations",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    FollowerId = t.Column<long>(),
                    OpenId = t.Column<string>(maxLength: 64),
                    LastMessageUtc = t.Column<DateTime>(),
                    LastInboundUtc = t.Column<DateTime>(nullable: true),
                    Preview = t.Column<string>(maxLength: 200, nullable: true),
                    UnreadCount = t.Column<int>(),
                    MessageCount = t.Column<int>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatConversations", x => x.Id));
            b.CreateIndex("IX_WeChatConversations_AppId_FollowerId", "WeChatConversations", ["AppId", "FollowerId"], unique: true);
            b.CreateIndex("IX_WeChatConversations_LastMessageUtc", "WeChatConversations", "LastMessageUtc");
            b.CreateTable(
                "WeChatConversationMessages",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    ConversationId = t.Column<long>(),
                    LedgerPosition = t.Column<long>(),
                    Direction = t.Column<string>(maxLength: 10),
                    MsgType = t.Column<string>(maxLength: 20),
                    Text = t.Column<string>(maxLength: 2000, nullable: true),
                    Detail = t.Column<string>(maxLength: 1100, nullable: true),
                    OccurredUtc = t.Column<DateTime>(),
                    SentBy = t.Column<string>(maxLength: 100, nullable: true),
                    OutboxDedupeKey = t.Column<string>(maxLength: 200, nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatConversationMessages", x => x.Id));
            b.CreateIndex("IX_WeChatConversationMessages_LedgerPosition", "WeChatConversationMessages", "LedgerPosition", unique: true);
            b.CreateIndex("IX_WeChatConversationMessages_Conversation", "WeChatConversationMessages", ["ConversationId", "OccurredUtc"]);
        }),
        new(3, b =>
        {
            // Auto-replies gain a news (article card) reply and a tag to apply to whoever triggers them. The table
            // comes from WeChatMigration, which runs first: migrations run in registration order (Startup).
            b.AddColumn<string>("ReplyKind", "WeChatAutoReplies", maxLength: 20, nullable: false, defaultValue: "text");
            b.AddColumn<string>("NewsTitle", "WeChatAutoReplies", maxLength: 100, nullable: true);
            b.AddColumn<string>("NewsDescription", "WeChatAutoReplies", maxLength: 400, nullable: true);
            b.AddColumn<string>("NewsPicUrl", "WeChatAutoReplies", maxLength: 1024, nullable: true);
            b.AddColumn<string>("NewsUrl", "WeChatAutoReplies", maxLength: 1024, nullable: true);
            b.AddColumn<string>("TagName", "WeChatAutoReplies", maxLength: 100, nullable: true);
        }),
    ];
}
