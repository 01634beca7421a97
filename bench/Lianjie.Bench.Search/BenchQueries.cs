using Lianjie.Search.Index;

namespace Lianjie.Bench.Search;

/// <summary>A mix of searches a CRM operator would type, drawn from the generated followers.</summary>
internal static class BenchQueries
{
    public static List<(string Kind, FollowerSearchQuery Query)> Create(IReadOnlyList<FollowerSearchDocument> followers, int count, int seed)
    {
        var random = new Random(seed);
        var queries = new List<(string, FollowerSearchQuery)>(count);
        for (var i = 0; i < count; i++)
        {
            var sample = followers[random.Next(followers.Count)];
            var name = sample.Nickname!;
            var city = sample.ProfileFields["city"];
            var tag = FollowerGenerator.Tags[random.Next(FollowerGenerator.Tags.Length)];
            queries.Add((i % 6) switch
            {
                0 => ("surname (1 char)", new FollowerSearchQuery { Text = name[..1] }),
                1 => ("name fragment (2 chars)", new FollowerSearchQuery { Text = name.Length == 3 ? name[1..] : name }),
                2 => ("full name", new FollowerSearchQuery { Text = name }),
                3 => ("city", new FollowerSearchQuery { Text = city }),
                4 => ("city + tag", new FollowerSearchQuery { Text = city, Tags = [tag] }),
                _ => ("tag, last active", new FollowerSearchQuery { Tags = [tag], Subscribed = true, Sort = FollowerSearchSort.LastActiveDescending }),
            });
        }

        return queries;
    }
}
