using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Data;

internal sealed class WeChatMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatAccounts",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Name = t.Column<string>(maxLength: 100),
                    AppId = t.Column<string>(maxLength: 64),
                    ProtectedAppSecret = t.Column<string>(maxLength: 2000),
                    ProtectedEncodingAesKey = t.Column<string>(maxLength: 2000, nullable: true),
                    Token = t.Column<string>(maxLength: 32),
                    MessageMode = t.Column<string>(maxLength: 20),
                    Simulated = t.Column<bool>(),
                    ApiBaseUrl = t.Column<string>(maxLength: 400, nullable: true),
                    SecretHint = t.Column<string>(maxLength: 10),
                    AesKeyHint = t.Column<string>(maxLength: 10, nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatAccounts", x => x.Id));
            b.CreateIndex("IX_WeChatAccounts_AppId", "WeChatAccounts", "AppId", unique: true);

            // Access tokens and JS-SDK tickets shared by every host; the lease columns make one host the refresher.
            b.CreateTable(
                "WeChatApiCredentials",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    Kind = t.Column<string>(maxLength: 20),
                    Value = t.Column<string>(maxLength: 1000, nullable: true),
                    ExpiresUtc = t.Column<DateTime>(),
                    LeaseOwner = t.Column<string>(maxLength: 40, nullable: true),
                    LeaseUntilUtc = t.Column<DateTime>(nullable: true),
                    Refreshes = t.Column<long>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatApiCredentials", x => new { x.AppId, x.Kind }));

            b.CreateTable(
                "WeChatOutbox",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    Kind = t.Column<string>(maxLength: 40),
                    Payload = t.Column<string>(),
                    DedupeKey = t.Column<string>(maxLength: 200, nullable: true),
                    Status = t.Column<string>(maxLength: 20),
                    Attempts = t.Column<int>(),
                    NextAttemptUtc = t.Column<DateTime>(),
                    LeaseUntilUtc = t.Column<DateTime>(nullable: true),
                    LastError = t.Column<string>(maxLength: 1000, nullable: true),
                    Result = t.Column<string>(maxLength: 1000, nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                    CompletedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatOutbox", x => x.Id));
            b.CreateIndex("IX_WeChatOutbox_Due", "WeChatOutbox", ["Status", "NextAttemptUtc"]);
            b.CreateIndex("IX_WeChatOutbox_DedupeKey", "WeChatOutbox", "DedupeKey", unique: true);

            // What we last told WeChat, so platform limits are checked before calling.
            b.CreateTable(
                "WeChatRemoteTags",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    TagId = t.Column<long>(),
                    Name = t.Column<string>(maxLength: 100),
                },
                constraints: t => t.PrimaryKey("PK_WeChatRemoteTags", x => new { x.AppId, x.TagId }));
            b.CreateTable(
                "WeChatRemoteFollowerTags",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    TagId = t.Column<long>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatRemoteFollowerTags", x => new { x.AppId, x.OpenId, x.TagId }));

            // OAuth codes already exchanged: a code works once, even if the platform were lax.
            b.CreateTable(
                "WeChatUsedOAuthCodes",
                t => new
                {
                    CodeHash = t.Column<string>(maxLength: 64),
                    AppId = t.Column<string>(maxLength: 64),
                    UsedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatUsedOAuthCodes", x => x.CodeHash));
        }),
        new(2, b =>
        {
            b.CreateTable(
                "WeChatAutoReplies",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    Trigger = t.Column<string>(maxLength: 20),
                    Match = t.Column<string>(maxLength: 100, nullable: true),
                    Exact = t.Column<bool>(),
                    ReplyText = t.Column<string>(maxLength: 2000),
                    Position = t.Column<int>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatAutoReplies", x => x.Id));
            b.CreateIndex("IX_WeChatAutoReplies_AppId", "WeChatAutoReplies", "AppId");
        }),
    ];
}
