using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Core.Followers;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Storage;

public class ContentStorageTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Script_in_an_html_body_is_stripped_on_save(string provider)
    {
        await using var site = await ContentsSite.SetUpAsync(provider);
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());

        var saved = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(
            ContentsSite.NewArticle("护肝", "<p>多喝水</p><script>alert(1)</script><img src=x onerror=alert(2)>"), publish: true, "admin"));

        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
        var stored = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(saved.Item!.ContentItemId!));
        Assert.Contains("<p>多喝水</p>", stored!.HtmlBody);
        Assert.DoesNotContain("script", stored.HtmlBody!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", stored.HtmlBody!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_slug_collision_gets_a_numbered_suffix(string provider)
    {
        await using var site = await ContentsSite.SetUpAsync(provider);
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());

        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("肝病饮食", "<p>a</p>"), true, "admin"));
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("肝病饮食", "<p>b</p>"), true, "admin"));
        var resaved = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(first.Item!, true, "admin"));

        Assert.Equal("肝病饮食", first.Item!.AutoroutePath);
        Assert.Equal("肝病饮食-2", second.Item!.AutoroutePath);
        Assert.Equal("肝病饮食", resaved.Item!.AutoroutePath);
        var byPath = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetPublishedByPathAsync("肝病饮食-2"));
        Assert.Equal(second.Item.ContentItemId, byPath!.ContentItemId);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Drafts_publish_unpublish_and_restore_keep_one_published_version(string provider)
    {
        await using var site = await ContentsSite.SetUpAsync(provider);
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());

        var v1 = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("第一版", "<p>1</p>"), true, "admin"));
        var id = v1.Item!.ContentItemId!;
        var edit = v1.Item.Clone();
        edit.Title = "第二版";
        await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(edit, false, "admin"));

        var published = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, ContentStatus.Published));
        var latest = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, ContentStatus.Latest));
        Assert.Equal("第一版", published!.Title);
        Assert.Equal("第二版", latest!.Title);

        await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().PublishAsync(id));
        Assert.Equal("第二版", (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id)))!.Title);

        var restored = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().RestoreAsync(id, v1.Item.ContentItemVersionId!));
        Assert.Equal("第一版", restored!.Title);
        Assert.Equal("第二版", (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id)))!.Title);

        await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().UnpublishAsync(id));
        Assert.Null(await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id)));
        Assert.Equal(3, await site.ScalarAsync($"SELECT COUNT(*) FROM \"ContentItems\" WHERE \"ContentItemId\" = '{id}'"));
        Assert.Equal(0, await site.ScalarAsync($"SELECT COUNT(*) FROM \"ContentItems\" WHERE \"ContentItemId\" = '{id}' AND \"Published\" = TRUE"));
    }

    [Fact]
    public async Task A_scheduled_draft_is_published_by_the_scheduler_when_due()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var draft = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("定时", "<p>x</p>"), false, "admin"));
        var id = draft.Item!.ContentItemId!;

        await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().ScheduleAsync(id, DateTime.UtcNow.AddSeconds(1)));
        Assert.Equal(0, await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().PublishDueAsync()));

        await Task.Delay(1500);
        Assert.Equal(1, await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().PublishDueAsync()));
        Assert.NotNull(await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id)));
    }

    [Fact]
    public async Task The_background_scheduler_publishes_a_due_draft_on_its_own()
    {
        // Read by the host's configuration (environment variables); a faster tick is harmless elsewhere.
        Environment.SetEnvironmentVariable("Lianjie__Contents__SchedulerSeconds", "1");
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var draft = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("自动发布", "<p>x</p>"), false, "admin"));
        var id = draft.Item!.ContentItemId!;
        await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().ScheduleAsync(id, DateTime.UtcNow.AddSeconds(1)));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The scheduler did not publish the draft.");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Content_type_fields_are_listed_in_editor_order()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());

        var fields = await site.WithScopeAsync(sp => sp.GetRequiredService<IContentTypeFields>().GetFieldsAsync("Article"));

        Assert.Equal(["Subtitle", "ReadingMinutes"], fields.Select(f => f.Name));
        Assert.Equal("NumericField", fields[1].FieldType);
        Assert.True(fields[1].Required);
        Assert.Empty(await site.WithScopeAsync(sp => sp.GetRequiredService<IContentTypeFields>().GetFieldsAsync("Nope")));
    }
}
