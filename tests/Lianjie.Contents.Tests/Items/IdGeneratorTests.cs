using Lianjie.Contents.Items;

namespace Lianjie.Contents.Tests.Items;

public class IdGeneratorTests
{
    [Fact]
    public void Ids_are_26_lowercase_base32_chars()
    {
        var id = new IdGenerator().GenerateId();

        Assert.Equal(26, id.Length);
        Assert.Matches("^[0-9a-hjkmnp-tv-z]{26}$", id);
        Assert.True(IdGenerator.IsValid(id));
        Assert.False(IdGenerator.IsValid(id.ToUpperInvariant()));
    }

    [Fact]
    public void Ids_sort_by_time_and_encode_it()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var generator = new IdGenerator(clock);

        var earlier = generator.GenerateId();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var later = generator.GenerateId();

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), IdGenerator.GetTimestamp(earlier));
        Assert.Null(IdGenerator.GetTimestamp("not-an-id"));
    }

    [Fact]
    public void Ids_within_one_millisecond_are_unique_and_increasing()
    {
        var generator = new IdGenerator(new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55)));

        var ids = Enumerable.Range(0, 1000).Select(_ => generator.GenerateId()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }
}
