using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.Tags.Data;

internal sealed class TagsMigration : IDataMigration
{
    public string Module => "Lianjie.Tags";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "TagGroups",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Name = t.Column<string>(maxLength: 50),
                    Description = t.Column<string>(maxLength: 400, nullable: true),
                    Exclusive = t.Column<bool>(),
                    MaxPerFollower = t.Column<int>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_TagGroups", x => x.Id));
            b.CreateIndex("IX_TagGroups_Name", "TagGroups", "Name", unique: true);
            b.CreateTable(
                "Tags",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Name = t.Column<string>(maxLength: 50),
                    GroupId = t.Column<long>(nullable: true),
                    Color = t.Column<string>(maxLength: 20, nullable: true),
                    Description = t.Column<string>(maxLength: 400, nullable: true),
                    Sensitive = t.Column<bool>(),
                    ExpiryDays = t.Column<int>(nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_Tags", x => x.Id));
            b.CreateIndex("IX_Tags_Name", "Tags", "Name", unique: true);
            b.CreateIndex("IX_Tags_GroupId", "Tags", "GroupId");
            b.CreateTable(
                "FollowerTags",
                t => new
                {
                    FollowerId = t.Column<long>(),
                    TagId = t.Column<long>(),
                    AppliedUtc = t.Column<DateTime>(),
                    ExpiresUtc = t.Column<DateTime>(nullable: true),
                    Source = t.Column<string>(maxLength: 100),
                    By = t.Column<string>(maxLength: 200, nullable: true),
                    Reason = t.Column<string>(maxLength: 400, nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_FollowerTags", x => new { x.FollowerId, x.TagId }));

            // Counts and merges go by tag; the sweep goes by expiry.
            b.CreateIndex("IX_FollowerTags_TagId_FollowerId", "FollowerTags", ["TagId", "FollowerId"]);
            b.CreateIndex("IX_FollowerTags_ExpiresUtc", "FollowerTags", "ExpiresUtc");
            b.CreateTable(
                "TagJobs",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Kind = t.Column<string>(maxLength: 20),
                    Tag = t.Column<string>(maxLength: 50),
                    Filter = t.Column<string>(nullable: true),
                    FollowerIds = t.Column<string>(nullable: true),
                    Total = t.Column<int>(),
                    Done = t.Column<int>(),
                    Refused = t.Column<int>(),
                    Status = t.Column<string>(maxLength: 20),
                    LastFollowerId = t.Column<long>(),
                    By = t.Column<string>(maxLength: 200, nullable: true),
                    Message = t.Column<string>(maxLength: 1000, nullable: true),
                    CreatedUtc = t.Column<DateTime>(),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_TagJobs", x => x.Id));
            b.CreateIndex("IX_TagJobs_Status", "TagJobs", ["Status", "Id"]);
        }),
    ];
}
