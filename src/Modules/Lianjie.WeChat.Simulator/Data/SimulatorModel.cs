using Lianjie.Core.Data;
using Lianjie.WeChat.Simulator.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Simulator.Data;

internal sealed class SimulatorModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SimFollower>(e =>
        {
            e.ToTable("WeChatSimFollowers");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<SimTag>(e =>
        {
            e.ToTable("WeChatSimTags");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.TagId);
        });
        modelBuilder.Entity<SimFollowerTag>(e =>
        {
            e.ToTable("WeChatSimFollowerTags");
            e.HasKey(x => new { x.AppId, x.OpenId, x.TagId });
        });
        modelBuilder.Entity<SimToken>(e =>
        {
            e.ToTable("WeChatSimTokens");
            e.HasKey(x => x.Value);
        });
        modelBuilder.Entity<SimOAuthCode>(e =>
        {
            e.ToTable("WeChatSimOAuthCodes");
            e.HasKey(x => x.Code);
        });
        modelBuilder.Entity<SimOutbound>(e =>
        {
            e.ToTable("WeChatSimOutbound");
            e.HasKey(x => x.Id);
        });
    }
}

internal sealed class SimulatorMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat.Simulator";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatSimFollowers",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    UnionId = t.Column<string>(maxLength: 64, nullable: true),
                    Subscribed = t.Column<bool>(),
                    SubscribeTimeUtc = t.Column<DateTime>(nullable: true),
                    Scene = t.Column<string>(maxLength: 64, nullable: true),
                    Remark = t.Column<string>(maxLength: 30, nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimFollowers", x => x.Id));
            b.CreateIndex("IX_WeChatSimFollowers_AppId_OpenId", "WeChatSimFollowers", ["AppId", "OpenId"], unique: true);
            b.CreateTable(
                "WeChatSimTags",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    Name = t.Column<string>(maxLength: 100),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimTags", x => x.Id));
            b.CreateIndex("IX_WeChatSimTags_AppId_Name", "WeChatSimTags", ["AppId", "Name"], unique: true);
            b.CreateTable(
                "WeChatSimFollowerTags",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    TagId = t.Column<long>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimFollowerTags", x => new { x.AppId, x.OpenId, x.TagId }));
            b.CreateTable(
                "WeChatSimTokens",
                t => new
                {
                    Value = t.Column<string>(maxLength: 200),
                    AppId = t.Column<string>(maxLength: 64),
                    Kind = t.Column<string>(maxLength: 20),
                    IssuedUtc = t.Column<DateTime>(),
                    ExpiresUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimTokens", x => x.Value));
            b.CreateTable(
                "WeChatSimOAuthCodes",
                t => new
                {
                    Code = t.Column<string>(maxLength: 64),
                    AppId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    ExpiresUtc = t.Column<DateTime>(),
                    UsedUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimOAuthCodes", x => x.Code));
            b.CreateTable(
                "WeChatSimOutbound",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    AppId = t.Column<string>(maxLength: 64),
                    Api = t.Column<string>(maxLength: 60),
                    ToUser = t.Column<string>(maxLength: 64, nullable: true),
                    Body = t.Column<string>(),
                    CreatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimOutbound", x => x.Id));
            b.CreateIndex("IX_WeChatSimOutbound_AppId_Api", "WeChatSimOutbound", ["AppId", "Api", "CreatedUtc"]);
        }),
    ];
}
