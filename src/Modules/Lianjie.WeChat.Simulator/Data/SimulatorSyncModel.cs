using Lianjie.Core.Data;
using Lianjie.WeChat.Simulator.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lianjie.WeChat.Simulator.Data;

/// <summary>Tables for snsapi_userinfo (profiles, code scopes, sns tokens); a migration of its own so it versions apart.</summary>
internal sealed class SimulatorSyncModel : IEntityModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SimProfile>(e =>
        {
            e.ToTable("WeChatSimProfiles");
            e.HasKey(x => new { x.AppId, x.OpenId });
        });
        modelBuilder.Entity<SimOAuthCodeScope>(e =>
        {
            e.ToTable("WeChatSimOAuthCodeScopes");
            e.HasKey(x => x.Code);
        });
        modelBuilder.Entity<SimSnsToken>(e =>
        {
            e.ToTable("WeChatSimSnsTokens");
            e.HasKey(x => x.Value);
        });
    }
}

internal sealed class SimulatorSyncMigration : IDataMigration
{
    public string Module => "Lianjie.WeChat.Simulator.Sync";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WeChatSimProfiles",
                t => new
                {
                    AppId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    Nickname = t.Column<string>(maxLength: 100),
                    HeadImgUrl = t.Column<string>(maxLength: 400, nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimProfiles", x => new { x.AppId, x.OpenId }));
            b.CreateTable(
                "WeChatSimOAuthCodeScopes",
                t => new
                {
                    Code = t.Column<string>(maxLength: 64),
                    Scope = t.Column<string>(maxLength: 40),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimOAuthCodeScopes", x => x.Code));
            b.CreateTable(
                "WeChatSimSnsTokens",
                t => new
                {
                    Value = t.Column<string>(maxLength: 100),
                    AppId = t.Column<string>(maxLength: 64),
                    OpenId = t.Column<string>(maxLength: 64),
                    Scope = t.Column<string>(maxLength: 40),
                    ExpiresUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WeChatSimSnsTokens", x => x.Value));
        }),
    ];
}
