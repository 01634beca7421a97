using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Sync;

/// <summary>Tables of tag mirroring, the full follower sync and account API settings (own module key, so it versions apart).</summary>
internal sealed class WeChatSyncMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat.Sync";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatMirroredTags",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    TagId = t.Column<long>(),
                    TagName = t.Column<string>(maxLength: 100),
                    WeChatName = t.Column<string>(maxLength: 100),
                    WeChatTagId = t.Column<long>(nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatMirroredTags", x => new { x.AppId, x.TagId }));
            b.CreateIndex("IX_WeChatMirroredTags_AppId_TagName", "WeChatMirroredTags", ["AppId", "TagName"]);

            b.CreateTable(
                "WeChatFollowerSyncRuns",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    State = t.Column<string>(maxLength: 20),
                    Cursor = t.Column<string>(maxLength: 64),
                    PageOffset = t.Column<int>(),
                    Pages = t.Column<int>(),
                    Followers = t.Column<int>(),
                    Total = t.Column<int>(),
                    TagsPushed = t.Column<int>(),
                    LastError = t.Column<string>(maxLength: 1000, nullable: true),
                    LeaseUntilUtc = t.Column<DateTime>(nullable: true),
                    StartedBy = t.Column<string>(maxLength: 100),
                    StartedUtc = t.Column<DateTime>(),
                    UpdatedUtc = t.Column<DateTime>(),
                    CompletedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatFollowerSyncRuns", x => x.Id));
            b.CreateIndex("IX_WeChatFollowerSyncRuns_AppId_State", "WeChatFollowerSyncRuns", ["AppId", "State"]);

            b.CreateTable(
                "WeChatAccountApiSettings",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    UseStableToken = t.Column<bool>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatAccountApiSettings", x => x.AppId));
        }),
    ];
}

internal sealed class WeChatSyncModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WeChatMirroredTag>(e =>
        {
            e.ToTable("WeChatMirroredTags");
            e.HasKey(x => new { x.AppId, x.TagId });
        });
        modelBuilder.Entity<WeChatFollowerSyncRun>(e =>
        {
            e.ToTable("WeChatFollowerSyncRuns");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion<string>();
        });
        modelBuilder.Entity<WeChatAccountApiSettings>(e =>
        {
            e.ToTable("WeChatAccountApiSettings");
            e.HasKey(x => x.AppId);
        });
    }
}
