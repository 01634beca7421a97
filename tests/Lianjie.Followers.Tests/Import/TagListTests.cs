using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class TagListTests
{
    [Fact]
    public void Splits_on_every_separator_trims_drops_empties_and_deduplicates()
    {
        var tags = TagList.Split(" a, b;c|d，e；f、g ,, ;a|  |b\nh ");

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], tags);
    }

    [Fact]
    public void Empty_cell_has_no_tags()
    {
        Assert.Empty(TagList.Split("  "));
        Assert.Empty(TagList.Split(null));
    }
}
