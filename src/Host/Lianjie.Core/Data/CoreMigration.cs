using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.Core.Data;

/// <summary>Tables the host itself needs: features, documents, audit.</summary>
public sealed class CoreMigration : IDataMigration
{
    public const string ModuleName = "Lianjie.Core";

    public string Module => ModuleName;

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable("ShellFeatures", t => new { FeatureId = t.Column<string>(maxLength: 200) }, constraints: t => t.PrimaryKey("PK_ShellFeatures", x => x.FeatureId));
            b.CreateTable(
                "Documents",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Type = t.Column<string>(maxLength: 200),
                    Key = t.Column<string>(maxLength: 400),
                    Content = t.Column<string>(),
                    Version = t.Column<int>(),
                    CreatedUtc = t.Column<DateTime>(),
                    ModifiedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_Documents", x => x.Id));
            b.CreateIndex("IX_Documents_Type_Key", "Documents", ["Type", "Key"], unique: true);
            b.CreateTable(
                "AuditEntries",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    TimeUtc = t.Column<DateTime>(),
                    UserName = t.Column<string>(maxLength: 200),
                    Action = t.Column<string>(maxLength: 200),
                    Target = t.Column<string>(maxLength: 400, nullable: true),
                    Details = t.Column<string>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_AuditEntries", x => x.Id));
            b.CreateIndex("IX_AuditEntries_TimeUtc", "AuditEntries", "TimeUtc");
        }),
        new(2, b =>
        {
            b.CreateTable(
                "LedgerEvents",
                t => new
                {
                    Position = t.Column<long>().AutoIncrement(),
                    Type = t.Column<string>(maxLength: 100),
                    FollowerId = t.Column<long>(nullable: true),
                    AccountId = t.Column<string>(maxLength: 64, nullable: true),
                    Subject = t.Column<string>(maxLength: 200, nullable: true),
                    Payload = t.Column<string>(nullable: true),
                    OccurredUtc = t.Column<DateTime>(),
                    RecordedUtc = t.Column<DateTime>(),
                    Source = t.Column<string>(maxLength: 100),
                    DedupeKey = t.Column<string>(maxLength: 300),
                },
                constraints: t => t.PrimaryKey("PK_LedgerEvents", x => x.Position));
            b.CreateIndex("IX_LedgerEvents_DedupeKey", "LedgerEvents", "DedupeKey", unique: true);
            b.CreateIndex("IX_LedgerEvents_FollowerId_Position", "LedgerEvents", ["FollowerId", "Position"]);
            b.CreateIndex("IX_LedgerEvents_Type_Position", "LedgerEvents", ["Type", "Position"]);
            b.CreateTable(
                "LedgerCheckpoints",
                t => new { Reactor = t.Column<string>(maxLength: 200), Position = t.Column<long>() },
                constraints: t => t.PrimaryKey("PK_LedgerCheckpoints", x => x.Reactor));
        }),
    ];

    internal static void CreateMigrationTable(MigrationBuilder builder)
    {
        // EF has no IF NOT EXISTS for CreateTable; plain SQL is portable here.
        builder.Sql("CREATE TABLE IF NOT EXISTS \"ModuleMigrations\" (\"Module\" varchar(200) NOT NULL PRIMARY KEY, \"Version\" integer NOT NULL)");
    }
}
