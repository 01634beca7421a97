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
    ];

    internal static void CreateMigrationTable(MigrationBuilder builder, bool ifNotExists)
    {
        // EF has no IF NOT EXISTS for CreateTable; plain SQL is portable here.
        builder.Sql("CREATE TABLE IF NOT EXISTS \"ModuleMigrations\" (\"Module\" varchar(200) NOT NULL PRIMARY KEY, \"Version\" integer NOT NULL)");
        _ = ifNotExists;
    }
}
