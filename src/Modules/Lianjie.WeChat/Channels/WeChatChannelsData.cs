using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Channels;

/// <summary>Tables of QR channels and their funnel projection (its own migration key, apart from the module's).</summary>
internal sealed class WeChatChannelsMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat.Channels";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatChannels",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    Name = t.Column<string>(maxLength: 100),
                    Scene = t.Column<string>(maxLength: 64),
                    Permanent = t.Column<bool>(),
                    ExpireSeconds = t.Column<int>(nullable: true),
                    TargetTag = t.Column<string>(maxLength: 100, nullable: true),
                    WelcomeReply = t.Column<string>(maxLength: 600, nullable: true),
                    Ticket = t.Column<string>(maxLength: 400, nullable: true),
                    QrUrl = t.Column<string>(maxLength: 400, nullable: true),
                    TicketExpiresUtc = t.Column<DateTime>(nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatChannels", x => x.Id));
            b.CreateIndex("IX_WeChatChannels_AppId_Scene", "WeChatChannels", ["AppId", "Scene"], unique: true);

            b.CreateTable(
                "WeChatChannelHits",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    Scene = t.Column<string>(maxLength: 64),
                    FollowerId = t.Column<long>(),
                    Kind = t.Column<string>(maxLength: 10),
                    OccurredUtc = t.Column<DateTime>(),
                    Position = t.Column<long>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatChannelHits", x => x.Id));
            b.CreateIndex("IX_WeChatChannelHits_Scene", "WeChatChannelHits", ["AppId", "Scene", "OccurredUtc"]);

            b.CreateTable(
                "WeChatChannelMembers",
                t => new
                {
                    FollowerId = t.Column<long>(),
                    AppId = t.Column<string>(maxLength: 64),
                    FirstScene = t.Column<string>(maxLength: 64, nullable: true),
                    FirstSubscribedUtc = t.Column<DateTime>(),
                    Subscribed = t.Column<bool>(),
                    UnsubscribedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatChannelMembers", x => x.FollowerId));
            b.CreateIndex("IX_WeChatChannelMembers_FirstScene", "WeChatChannelMembers", ["AppId", "FirstScene", "FirstSubscribedUtc"]);
        }),
    ];
}

internal sealed class WeChatChannelsModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WeChatChannel>(e =>
        {
            e.ToTable("WeChatChannels");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.IsNumericScene);
        });
        modelBuilder.Entity<WeChatChannelHit>(e =>
        {
            e.ToTable("WeChatChannelHits");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<WeChatChannelMember>(e =>
        {
            e.ToTable("WeChatChannelMembers");
            e.HasKey(x => x.FollowerId);
            e.Property(x => x.FollowerId).ValueGeneratedNever();
        });
    }
}
