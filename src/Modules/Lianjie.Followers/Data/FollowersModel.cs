using Lianjie.Core.Data;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.Followers.Data;

internal sealed class FollowersModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FollowerRecord>(e =>
        {
            e.ToTable("Followers");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.TagList);
            e.Property(x => x.PurchaseAmount).HasPrecision(18, 2);
        });
        modelBuilder.Entity<ConsentRecord>(e =>
        {
            e.ToTable("FollowerConsents");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<ImportJobRecord>(e =>
        {
            e.ToTable("ImportJobs");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.MapLines);
        });
        modelBuilder.Entity<ImportJobErrorRecord>(e =>
        {
            e.ToTable("ImportJobErrors");
            e.HasKey(x => x.Id);
        });
    }
}

internal sealed class FollowersMigration : IDataMigration
{
    public string Module => "Lianjie.Followers";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "Followers",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AccountId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    UnionId = t.Column<string>(maxLength: 64, nullable: true),
                    Nickname = t.Column<string>(maxLength: 200, nullable: true),
                    Remark = t.Column<string>(maxLength: 400, nullable: true),
                    Subscribed = t.Column<bool>(),
                    SubscribedUtc = t.Column<DateTime>(nullable: true),
                    UnsubscribedUtc = t.Column<DateTime>(nullable: true),
                    FirstSource = t.Column<string>(maxLength: 200, nullable: true),
                    ReferrerFollowerId = t.Column<long>(nullable: true),
                    FirstSeenUtc = t.Column<DateTime>(),
                    LastSeenUtc = t.Column<DateTime>(),
                    Reads = t.Column<int>(),
                    Shares = t.Column<int>(),
                    Registrations = t.Column<int>(),
                    Purchases = t.Column<int>(),
                    PurchaseAmount = t.Column<decimal>(precision: 18, scale: 2),
                    Tags = t.Column<string>(),
                    Profile = t.Column<string>(),
                    AutomationOptOut = t.Column<bool>(),
                    ErasedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_Followers", x => x.Id));
            b.CreateIndex("IX_Followers_AccountId_OpenId", "Followers", ["AccountId", "OpenId"], unique: true);
            b.CreateIndex("IX_Followers_UnionId", "Followers", "UnionId");
            b.CreateIndex("IX_Followers_LastSeenUtc", "Followers", "LastSeenUtc");
            b.CreateTable(
                "FollowerConsents",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    FollowerId = t.Column<long>(),
                    Purpose = t.Column<string>(maxLength: 50),
                    Granted = t.Column<bool>(),
                    Source = t.Column<string>(maxLength: 200),
                    TimeUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_FollowerConsents", x => x.Id));
            b.CreateIndex("IX_FollowerConsents_FollowerId_Purpose", "FollowerConsents", ["FollowerId", "Purpose", "Id"]);
        }),
        new(2, b =>
        {
            b.CreateTable(
                "ImportJobs",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    FileName = t.Column<string>(maxLength: 400),
                    StoredPath = t.Column<string>(maxLength: 1000),
                    AccountId = t.Column<string>(maxLength: 64),
                    Map = t.Column<string>(),
                    CreateUnknownTags = t.Column<bool>(),
                    Status = t.Column<string>(maxLength: 20),
                    RowsRead = t.Column<long>(),
                    RowsImported = t.Column<long>(),
                    RowsFailed = t.Column<long>(),
                    Message = t.Column<string>(nullable: true),
                    CreatedBy = t.Column<string>(maxLength: 200),
                    CreatedUtc = t.Column<DateTime>(),
                    FinishedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_ImportJobs", x => x.Id));
            b.CreateIndex("IX_ImportJobs_Status", "ImportJobs", ["Status", "Id"]);
            b.CreateTable(
                "ImportJobErrors",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    JobId = t.Column<long>(),
                    RowNumber = t.Column<int>(),
                    Column = t.Column<string>(maxLength: 400),
                    Reason = t.Column<string>(),
                    Cells = t.Column<string>(),
                },
                constraints: t => t.PrimaryKey("PK_ImportJobErrors", x => x.Id));
            b.CreateIndex("IX_ImportJobErrors_JobId", "ImportJobErrors", ["JobId", "RowNumber"]);
        }),
    ];
}
