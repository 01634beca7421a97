using Lianjie.Contents.Parts;

namespace Lianjie.Contents.Tests.Parts;

public class SlugCollisionResolverTests
{
    private readonly SlugCollisionResolver _resolver = new();

    [Fact]
    public void A_free_slug_is_returned_unchanged()
    {
        Assert.Equal("hello", _resolver.Resolve("hello", _ => false));
    }

    [Fact]
    public void Taken_slugs_get_increasing_suffixes()
    {
        var taken = new HashSet<string> { "hello", "hello-2", "hello-3" };

        Assert.Equal("hello-4", _resolver.Resolve("hello", taken.Contains));
        Assert.Equal("肝病-2", _resolver.Resolve("肝病", s => s == "肝病"));
    }

    [Fact]
    public void Suffixed_slugs_stay_within_the_max_length()
    {
        var resolver = new SlugCollisionResolver(maxLength: 10);

        var slug = resolver.Resolve("abcdefghij", s => s == "abcdefghij");

        Assert.Equal("abcdefgh-2", slug);
    }

    [Fact]
    public void Gives_up_after_max_attempts()
    {
        var resolver = new SlugCollisionResolver(maxAttempts: 5);

        Assert.Throws<InvalidOperationException>(() => resolver.Resolve("x", _ => true));
    }

    [Fact]
    public async Task Async_predicate_is_supported()
    {
        var taken = new HashSet<string> { "post", "post-2" };

        var slug = await _resolver.ResolveAsync("post", (s, _) => ValueTask.FromResult(taken.Contains(s)));

        Assert.Equal("post-3", slug);
    }
}
