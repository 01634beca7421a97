using Lianjie.Core.Data;
using Lianjie.Users.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.Users.Data;

internal sealed class UsersModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserRecord>(e =>
        {
            e.ToTable("Users");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.RoleList);
        });
        modelBuilder.Entity<RoleRecord>(e =>
        {
            e.ToTable("Roles");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.PermissionList);
        });
        modelBuilder.Entity<ApiKeyRecord>(e =>
        {
            e.ToTable("ApiKeys");
            e.HasKey(x => x.Id);
        });
    }
}

internal sealed class UsersMigration : IDataMigration
{
    public string Module => "Lianjie.Users";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "Users",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    UserName = t.Column<string>(maxLength: 100),
                    NormalizedUserName = t.Column<string>(maxLength: 100),
                    Email = t.Column<string>(maxLength: 200, nullable: true),
                    PasswordHash = t.Column<string>(maxLength: 400),
                    AccessFailedCount = t.Column<int>(),
                    LockoutEndUtc = t.Column<DateTime>(nullable: true),
                    IsEnabled = t.Column<bool>(),
                    CreatedUtc = t.Column<DateTime>(),
                    Roles = t.Column<string>(maxLength: 1000),
                },
                constraints: t => t.PrimaryKey("PK_Users", x => x.Id));
            b.CreateIndex("IX_Users_NormalizedUserName", "Users", "NormalizedUserName", unique: true);
            b.CreateTable(
                "Roles",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Name = t.Column<string>(maxLength: 100),
                    NormalizedName = t.Column<string>(maxLength: 100),
                    Description = t.Column<string>(maxLength: 400, nullable: true),
                    Permissions = t.Column<string>(),
                },
                constraints: t => t.PrimaryKey("PK_Roles", x => x.Id));
            b.CreateIndex("IX_Roles_NormalizedName", "Roles", "NormalizedName", unique: true);
            b.CreateTable(
                "ApiKeys",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    Name = t.Column<string>(maxLength: 100),
                    Prefix = t.Column<string>(maxLength: 20),
                    Hash = t.Column<string>(maxLength: 100),
                    Role = t.Column<string>(maxLength: 100),
                    CreatedBy = t.Column<string>(maxLength: 100),
                    CreatedUtc = t.Column<DateTime>(),
                    RevokedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_ApiKeys", x => x.Id));
            b.CreateIndex("IX_ApiKeys_Prefix", "ApiKeys", "Prefix", unique: true);
        }),
    ];
}
