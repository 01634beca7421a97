using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.AutoReplies;

public class AutoRepliesStepTests
{
    [Fact]
    public async Task News_and_tag_rules_import_idempotently_and_export_back()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var recipe = RecipeReader.Parse($$"""
            { "name": "replies", "steps": [ { "name": "WeChatAutoReplies", "AppId": "{{SimulatedAccount.AppId}}", "Welcome": "欢迎",
              "Keywords": [ { "Keyword": "文章", "News": { "Title": "肾病饮食", "Url": "https://clinic.example.com/a/1" }, "Tag": "肾病关注" },
                            { "Keyword": "挂号", "Exact": true, "Reply": "周一至周六" } ] } ] }
            """);
        var importer = site.Services.GetRequiredService<RecipeImporter>();

        Assert.True((await importer.ImportAsync(recipe, new RecipeImportOptions())).Succeeded);
        Assert.True((await importer.ImportAsync(recipe, new RecipeImportOptions())).Succeeded);

        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAutoReplies\""));
        Assert.Equal("news|肾病饮食|肾病关注", await site.TextAsync("SELECT \"ReplyKind\" || '|' || \"NewsTitle\" || '|' || \"TagName\" FROM \"WeChatAutoReplies\" WHERE \"Match\" = '文章'"));
        var exported = (await site.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync("s"))).ToJsonString();
        Assert.Contains("\"Tag\":\"肾病关注\"", System.Text.RegularExpressions.Regex.Unescape(exported), StringComparison.Ordinal);
        Assert.Contains("https://clinic.example.com/a/1", exported, StringComparison.Ordinal);

        var badNews = RecipeReader.Parse($$"""{ "name": "bad", "steps": [ { "name": "WeChatAutoReplies", "AppId": "{{SimulatedAccount.AppId}}", "Keywords": [ { "Keyword": "x", "News": { "Title": "t" } } ] } ] }""");
        Assert.False((await importer.ImportAsync(badNews, new RecipeImportOptions())).Succeeded);
        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAutoReplies\""));
    }
}
