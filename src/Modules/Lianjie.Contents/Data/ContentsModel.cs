using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.Contents.Data;

internal sealed class ContentsModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContentItemRecord>(e =>
        {
            e.ToTable("ContentItems");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<FollowAttributionRecord>(e =>
        {
            e.ToTable("ContentFollowAttributions");
            e.HasKey(x => x.FollowerId);
            e.Property(x => x.FollowerId).ValueGeneratedNever();
        });
    }
}

internal sealed class ContentsMigration : IDataMigration
{
    public string Module => "Lianjie.Contents";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "ContentItems",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    ContentItemId = t.Column<string>(maxLength: 40),
                    ContentItemVersionId = t.Column<string>(maxLength: 40),
                    ContentType = t.Column<string>(maxLength: 100),
                    DisplayText = t.Column<string>(maxLength: 500, nullable: true),
                    Latest = t.Column<bool>(),
                    Published = t.Column<bool>(),
                    Path = t.Column<string>(maxLength: 300, nullable: true),
                    Owner = t.Column<string>(maxLength: 100, nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                    ModifiedUtc = t.Column<DateTime>(),
                    PublishedUtc = t.Column<DateTime>(nullable: true),
                    ScheduledPublishUtc = t.Column<DateTime>(nullable: true),
                    InterestTags = t.Column<string>(nullable: true),
                    Data = t.Column<string>(),
                },
                constraints: t => t.PrimaryKey("PK_ContentItems", x => x.Id));
            b.CreateIndex("IX_ContentItems_VersionId", "ContentItems", "ContentItemVersionId", unique: true);
            b.CreateIndex("IX_ContentItems_Item_Latest", "ContentItems", ["ContentItemId", "Latest"]);
            b.CreateIndex("IX_ContentItems_Type_Published", "ContentItems", ["ContentType", "Published", "Latest"]);
            b.CreateIndex("IX_ContentItems_Path", "ContentItems", ["Path", "Published"]);
            b.CreateIndex("IX_ContentItems_Scheduled", "ContentItems", "ScheduledPublishUtc");
        }),
        new(2, b =>
        {
            b.CreateTable(
                "ContentFollowAttributions",
                t => new
                {
                    FollowerId = t.Column<long>(),
                    LastContentItemId = t.Column<string>(maxLength: 40, nullable: true),
                    LastContentType = t.Column<string>(maxLength: 100, nullable: true),
                    LastTouchedUtc = t.Column<DateTime>(nullable: true),
                    FirstSubscribedUtc = t.Column<DateTime>(nullable: true),
                    CreditedContentItemId = t.Column<string>(maxLength: 40, nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_ContentFollowAttributions", x => x.FollowerId));
            b.CreateIndex("IX_ContentFollowAttributions_Credited", "ContentFollowAttributions", "CreditedContentItemId");
        }),
    ];
}
