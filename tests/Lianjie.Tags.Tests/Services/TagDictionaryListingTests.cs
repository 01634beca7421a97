using Lianjie.Core.Followers;
using Lianjie.Tags.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Services;

/// <summary>The Core ITagDictionary contract other modules (e.g. WeChat's tag mirror) read the dictionary through.</summary>
public class TagDictionaryListingTests
{
    [Fact]
    public async Task Lists_every_tag_with_its_group_and_colour_ordered_by_group_then_name()
    {
        await using var site = await TagsSite.SetUpAsync("sqlite");
        await site.WithAsync(async sp =>
        {
            var dictionary = sp.GetRequiredService<TagDictionary>();
            await dictionary.UpsertGroupAsync(new TagGroupInput("疾病", null, false, null));
            await dictionary.UpsertTagAsync(new TagInput("肝病关注", "疾病", "#ff0000", null, false, null));
            await dictionary.UpsertTagAsync(new TagInput("慢性肾病患者", "疾病", null, null, false, null));
            await dictionary.UpsertTagAsync(new TagInput("活跃", null, "#00aa00", null, false, null));
            return 0;
        });

        var entries = await site.WithAsync(sp => sp.GetRequiredService<ITagDictionary>().ListAsync());

        Assert.Equal(["活跃", "慢性肾病患者", "肝病关注"], entries.Select(e => e.Name));
        Assert.Null(entries[0].Group);
        Assert.Equal("#00aa00", entries[0].Color);
        Assert.Equal("疾病", entries[2].Group);
        Assert.Equal("#ff0000", entries[2].Color);
        Assert.All(entries, e => Assert.True(e.Id > 0));
    }
}
