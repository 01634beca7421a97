using Lianjie.Search.Index;
using static Lianjie.Search.Tests.SampleFollowers;

namespace Lianjie.Search.Tests;

public sealed class IndexWriteTests
{
    private static IReadOnlyList<long> Find(FollowerSearchIndex index, string text) =>
        index.Search(new FollowerSearchQuery { Text = text }).FollowerIds;

    [Fact]
    public void Upsert_replaces_the_follower_with_the_same_id()
    {
        using var index = NewIndex();

        index.Upsert([Follower(WangFang, "王小丫", "深圳", ["改名"])]);

        Assert.Empty(Find(index, "王芳"));
        Assert.Empty(Find(index, "广州"));
        Assert.Equal([WangFang], Find(index, "王小丫"));
        Assert.Equal(All.Count, index.Count);
    }

    [Fact]
    public async Task UpsertAsync_makes_followers_searchable()
    {
        using var index = FollowerSearchIndex.CreateInMemory();

        await index.UpsertAsync([Follower(7, "周杰", "台北", ["歌手"])]);

        Assert.Equal([7L], Find(index, "周杰"));
    }

    [Fact]
    public void Delete_removes_only_that_follower()
    {
        using var index = NewIndex();

        index.Delete(LiNa);

        Assert.Empty(Find(index, "李娜"));
        Assert.Equal([WangFang], Find(index, "王芳"));
        Assert.Equal(All.Count - 1, index.Count);
    }

    [Fact]
    public void DeleteAll_empties_the_index_and_it_can_be_refilled()
    {
        using var index = NewIndex();

        index.DeleteAll();
        Assert.Equal(0, index.Count);
        Assert.Empty(Find(index, "张"));

        index.Upsert(All);
        Assert.Equal(All.Count, index.Count);
    }

    [Fact]
    public void Folder_index_reopens_with_the_same_results()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lianjie-search-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            FollowerSearchResult before;
            using (var index = FollowerSearchIndex.Open(folder))
            {
                index.Upsert(All);
                index.Delete(Alice);
                index.Commit();
                before = index.Search(new FollowerSearchQuery { Text = "张" });
            }

            using var reopened = FollowerSearchIndex.Open(folder);
            var after = reopened.Search(new FollowerSearchQuery { Text = "张" });

            Assert.Equal(2, before.Total);
            Assert.Equal(before.FollowerIds, after.FollowerIds);
            Assert.Equal(All.Count - 1, reopened.Count);
            Assert.Equal([WangFang], reopened.Search(new FollowerSearchQuery { Tags = ["广州"] }).FollowerIds);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Dispose_persists_uncommitted_writes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lianjie-search-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var index = FollowerSearchIndex.Open(folder))
                index.Upsert(All);

            using var reopened = FollowerSearchIndex.Open(folder);
            Assert.Equal([LiNa], Find(reopened, "上海"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Searches_run_while_a_writer_writes()
    {
        using var index = NewIndex();

        var writer = Task.Run(() =>
        {
            for (var batch = 0; batch < 50; batch++)
                index.Upsert(Enumerable.Range(0, 20).Select(i => Follower(1000 + (batch * 20) + i, $"新人{i}", "南京", ["并发"])));
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var searches = 0;
            while (!writer.IsCompleted)
            {
                // The sample followers are never touched by the writer, so this must hold throughout.
                Assert.Equal([LiNa], index.Search(new FollowerSearchQuery { Text = "李娜" }).FollowerIds);
                index.Search(new FollowerSearchQuery { Text = "南京", Tags = ["并发"], Take = 5 });
                searches++;
            }

            return searches;
        })).ToList();

        await writer;
        await Task.WhenAll(readers);

        Assert.Equal(All.Count + 1000, index.Count);
        Assert.Equal(1000, index.Search(new FollowerSearchQuery { Tags = ["并发"], Take = 0 }).Total);
    }
}
