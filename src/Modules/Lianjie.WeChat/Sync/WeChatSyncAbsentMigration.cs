using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Sync;

/// <summary>
/// What a full sync needs to mark absent followers unsubscribed: who each run saw, and how many it
/// marked. Its own key, registered after "Lianjie.WeChat.Sync" (whose runs table it extends).
/// </summary>
internal sealed class WeChatSyncAbsentMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat.Sync.Absent";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatFollowerSyncSeen",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    FollowerId = t.Column<long>(),
                    RunId = t.Column<long>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatFollowerSyncSeen", x => new { x.AppId, x.FollowerId }));
            b.CreateIndex("IX_WeChatFollowerSyncSeen_AppId_RunId", "WeChatFollowerSyncSeen", ["AppId", "RunId"]);
            b.AddColumn<int>("Unsubscribed", "WeChatFollowerSyncRuns", nullable: false, defaultValue: 0);
        }),
    ];
}

internal sealed class WeChatSyncAbsentModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<WeChatFollowerSyncSeen>(e =>
        {
            e.ToTable("WeChatFollowerSyncSeen");
            e.HasKey(x => new { x.AppId, x.FollowerId });
        });
}
