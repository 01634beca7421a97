using Lianjie.Contents.Parts;

namespace Lianjie.Contents.Tests.Parts;

public class SlugGeneratorTests
{
    private readonly SlugGenerator _slugs = new();

    [Theory]
    [InlineData("Hello World", "hello-world")]
    [InlineData("  What's New in 2024?!  ", "what-s-new-in-2024")]
    [InlineData("Café  Déjà-vu", "cafe-deja-vu")]
    [InlineData("ASP.NET Core / Orchard", "asp-net-core-orchard")]
    public void English_titles_give_lowercase_hyphenated_slugs(string title, string expected)
    {
        Assert.Equal(expected, _slugs.GenerateSlug(title));
    }

    [Theory]
    [InlineData("肝病患者的饮食指南", "肝病患者的饮食指南")]
    [InlineData("2024年 肝病 Guide！", "2024年-肝病-guide")]
    [InlineData("《健康》：少吃糖、多运动", "健康-少吃糖-多运动")]
    [InlineData("ＡＢＣ１２３", "abc123")]
    public void Chinese_titles_keep_their_characters(string title, string expected)
    {
        var slug = _slugs.GenerateSlug(title);

        Assert.Equal(expected, slug);
        Assert.Equal(slug, Uri.UnescapeDataString(Uri.EscapeDataString(slug)));
    }

    [Fact]
    public void Titles_without_letters_fall_back_to_a_short_id()
    {
        var slug = _slugs.GenerateSlug("🎉 !!! 🎉");

        Assert.Matches("^item-[0-9a-z]{8}$", slug);
        Assert.Equal(string.Empty, _slugs.Slugify("🎉 !!! 🎉"));
        Assert.NotEqual(slug, _slugs.GenerateSlug(""));
    }

    [Fact]
    public void Slugs_respect_the_max_length_and_prefer_word_boundaries()
    {
        var slugs = new SlugGenerator(maxLength: 20);

        Assert.Equal("the-quick-brown-fox", slugs.GenerateSlug("The quick brown fox jumps over the lazy dog"));
        Assert.Equal(20, slugs.GenerateSlug(new string('字', 50)).Length);
        Assert.True(slugs.GenerateSlug("abcdefghijklmnopqrstuvwxyz").Length <= 20);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        // U+20000 (𠀀) is outside the BMP: two UTF-16 chars.
        var slug = new SlugGenerator(maxLength: 5).GenerateSlug("𠀀𠀀𠀀𠀀");

        Assert.Equal("𠀀𠀀", slug);
    }
}
