using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Recipes;

public class WeChatAccountsStepTests
{
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private static string Recipe(string secret, string mode = "Safe") => $$"""
        {
          "name": "accounts",
          "steps": [
            { "name": "WeChatAccounts", "Accounts": [
              { "AppId": "wxrecipe000000001", "Name": "康宁门诊", "AppSecret": "{{secret}}", "Token": "clinicToken1",
                "EncodingAESKey": "{{AesKey}}", "MessageMode": "{{mode}}", "Simulated": true }
            ] }
          ]
        }
        """;

    private static Task<RecipeReport> ImportAsync(TestSite site, string json) =>
        site.Services.GetRequiredService<RecipeImporter>().ImportAsync(RecipeReader.Parse(json), new RecipeImportOptions());

    [Fact]
    public async Task Importing_twice_updates_the_account_by_AppId_and_keeps_secrets_encrypted()
    {
        await using var site = await WeChatSite.StartAsync();

        var first = await ImportAsync(site, Recipe("firstSecret0000000000000000000001"));
        var second = await ImportAsync(site, Recipe("rotatedSecret00000000000000000002"));

        Assert.True(first.Succeeded, first.Failure?.ToString());
        Assert.True(second.Succeeded, second.Failure?.ToString());
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAccounts\""));
        var stored = await site.TextAsync("SELECT \"ProtectedAppSecret\" FROM \"WeChatAccounts\"");
        Assert.DoesNotContain("rotatedSecret", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(AesKey, await site.TextAsync("SELECT \"ProtectedEncodingAesKey\" FROM \"WeChatAccounts\""), StringComparison.Ordinal);
        var keys = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatAccountService>().GetKeysAsync("wxrecipe000000001"));
        Assert.Equal("rotatedSecret00000000000000000002", keys!.AppSecret);
        Assert.Equal(AesKey, keys.EncodingAesKey);
        Assert.Equal(WeChatMessageMode.Safe, keys.MessageMode);
        Assert.True(keys.Simulated);
    }

    [Fact]
    public async Task A_bad_message_mode_fails_the_import_and_keeps_nothing()
    {
        await using var site = await WeChatSite.StartAsync();

        var report = await ImportAsync(site, Recipe("s3cretValue0000000000000000000001", "Paranoid"));

        Assert.False(report.Succeeded);
        Assert.Contains("MessageMode", report.Failure?.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAccounts\""));
    }

    [Fact]
    public async Task Export_leaves_secrets_out_and_reimporting_it_elsewhere_warns_instead_of_creating()
    {
        await using var site = await WeChatSite.StartAsync();
        await ImportAsync(site, Recipe("s3cretValue0000000000000000000001"));

        var exported = await site.InScopeAsync(async sp =>
        {
            var context = new RecipeExportContext();
            foreach (var contributor in sp.GetServices<IRecipeExportContributor>())
            {
                await contributor.ContributeAsync(context, CancellationToken.None);
            }

            return context.Steps.Single(s => s["name"]!.GetValue<string>() == "WeChatAccounts");
        });
        var text = exported.ToJsonString();
        Assert.Contains("wxrecipe000000001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretValue", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AesKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("clinicToken1", text, StringComparison.Ordinal);

        await using var other = await WeChatSite.StartAsync();
        var report = await ImportAsync(other, new JsonObject { ["name"] = "copy", ["steps"] = new JsonArray(JsonNode.Parse(text)) }.ToJsonString());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Contains(report.Warnings, w => w.Contains("wxrecipe000000001", StringComparison.Ordinal));
        Assert.Equal(0, await other.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAccounts\""));
    }
}
