using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.H5;

public class ArticlePageTests
{
    private static async Task<(TestSite Site, Lianjie.Contents.Items.ContentItem Item)> SiteWithArticleAsync(bool publish = true)
    {
        var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var saved = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(
            ContentsSite.NewArticle("肾病患者怎么吃", "<p>低盐低脂。</p>", "肾病", "饮食"), publish, "admin"));
        return (site, saved.Item!);
    }

    [Fact]
    public async Task A_published_article_renders_at_its_slug_and_drafts_are_404()
    {
        var (site, item) = await SiteWithArticleAsync();
        await using var _ = site;
        var draft = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("未发布", "<p>x</p>"), false, "admin"));
        var client = site.CreateClient();

        var page = await client.GetAsync(H5Pages.ArticleUrl(item.AutoroutePath!));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>肾病患者怎么吃</h1>", html);
        Assert.Contains("<p>低盐低脂。</p>", html);
        Assert.Contains("<span>肾病</span>", html);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(H5Pages.ArticleUrl(draft.Item!.AutoroutePath!))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/h5/no-such-article")).StatusCode);

        var list = await client.GetStringAsync("/h5?tag=" + Uri.EscapeDataString("肾病"));
        Assert.Contains("肾病患者怎么吃", list);
        Assert.DoesNotContain("未发布", list);
    }

    [Fact]
    public async Task Script_that_reached_storage_is_stripped_again_on_render()
    {
        var (site, item) = await SiteWithArticleAsync();
        await using var _ = site;
        // Simulate data stored before sanitising existed (or written around the service).
        await site.WithScopeAsync(async sp =>
        {
            var session = sp.GetRequiredService<Lianjie.Core.Data.DbSession>();
            await using var command = await session.CreateCommandAsync("UPDATE \"ContentItems\" SET \"Data\" = REPLACE(\"Data\", '低盐低脂。', '低盐<script>alert(\\u0027x\\u0027)</script><img src=x onerror=steal()>')");
            return await command.ExecuteNonQueryAsync();
        });

        var html = await site.CreateClient().GetStringAsync(H5Pages.ArticleUrl(item.AutoroutePath!));

        Assert.Contains("低盐", html);
        Assert.DoesNotContain("alert(", html);
        Assert.DoesNotContain("onerror", html);
    }

    [Fact]
    public async Task The_article_page_weighs_under_150_kb_without_images_and_renders_fast()
    {
        var (site, item) = await SiteWithArticleAsync();
        await using var _ = site;
        var client = site.CreateClient();
        await client.GetStringAsync(H5Pages.ArticleUrl(item.AutoroutePath!)); // warm up templates

        var response = await client.GetAsync(H5Pages.ArticleUrl(item.AutoroutePath!));
        var html = await response.Content.ReadAsStringAsync();
        long total = html.Length;
        var assets = Regex.Matches(html, "(?:href|src)=\"(/[^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        foreach (var asset in assets)
        {
            var bytes = await client.GetByteArrayAsync(asset);
            total += bytes.Length;
        }

        Assert.Contains("/WeChatH5/lib/weui/weui.h5.min.css", assets);
        Assert.Contains("/Lianjie.Contents/js/content-tracking.js", assets);
        Assert.True(total <= 150 * 1024, $"The page weighs {total} bytes.");
        var timing = Regex.Match(response.Headers.GetValues("Server-Timing").Single(), "dur=([0-9.]+)").Groups[1].Value;
        Assert.True(double.Parse(timing, System.Globalization.CultureInfo.InvariantCulture) < 200, $"Render took {timing} ms.");
    }

    [Fact]
    public async Task A_templates_step_overrides_the_article_template()
    {
        var (site, item) = await SiteWithArticleAsync();
        await using var _ = site;
        await site.ImportStepsAsync(JsonNode.Parse("""
            { "name": "Templates", "Templates": { "H5.Article.Article": { "Content": "<main id='custom'>{{ Model.Title }}|{{ Model.Item.Article.ReadingMinutes.Value }}</main>" } } }
            """)!.AsObject());

        var html = await site.CreateClient().GetStringAsync(H5Pages.ArticleUrl(item.AutoroutePath!));

        Assert.Contains("<main id='custom'>肾病患者怎么吃|3</main>", html);
    }

    [Fact]
    public async Task The_me_page_is_a_chinese_stub()
    {
        var (site, _) = await SiteWithArticleAsync();
        await using var __ = site;

        var html = await site.CreateClient().GetStringAsync("/h5/me");

        Assert.Contains("请从公众号菜单进入", html);
    }
}
