using Lianjie.Core.Followers;
using Lianjie.Tags.Models;
using Lianjie.Tags.Services;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Services;

public class TagJobTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bulk_job_over_a_filter_tags_every_match_and_resumes_after_a_restart(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var ids = await site.FollowersAsync(12);
        await site.TagAsync("讲座");
        await site.TagAsync("其他");

        // An interrupted job over every follower: the first 5 were done before the host stopped.
        var firstFive = ids.Take(5).Select(id => new FollowerTagAssignment(id, ["讲座"])).ToList();
        await site.WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddManyAsync(firstFive, new TagChangeOrigin("admin", "tester"), false));
        await site.ScalarAsync(
            "INSERT INTO \"TagJobs\" (\"Kind\", \"Tag\", \"Filter\", \"Total\", \"Done\", \"Refused\", \"Status\", \"LastFollowerId\", \"CreatedUtc\", \"UpdatedUtc\") " +
            $"VALUES ('add', '讲座', '{{}}', -1, 5, 0, 'running', {ids[4]}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        await site.RestartAsync();

        var job = await WaitAsync(site, 1);
        Assert.Equal(TagJobStatuses.Completed, job.Status);
        Assert.Equal((12, 12), (job.Total, job.Done));
        Assert.Equal(12, await site.ScalarAsync("SELECT COUNT(*) FROM \"FollowerTags\""));
        Assert.Equal(12, await site.EventsAsync("tag.added"));

        // A selection job, then a removal over a filter on the projected tags.
        var selection = await site.WithAsync(sp => sp.GetRequiredService<TagJobService>().EnqueueAsync(TagJobKinds.Add, "其他", null, [ids[2], ids[3]], "tester"));
        Assert.Equal(2, (await WaitAsync(site, selection.Id)).Done);
        await site.ProjectedAsync(ids[2]);
        var removal = await site.WithAsync(sp => sp.GetRequiredService<TagJobService>().EnqueueAsync(TagJobKinds.Remove, "讲座", new FollowerFilter(Tags: ["其他"]), null, "tester"));
        Assert.Equal(2, (await WaitAsync(site, removal.Id)).Total);

        Assert.Equal("其他", await site.HeldAsync(ids[2]));
        Assert.Equal("其他", await site.HeldAsync(ids[3]));
        Assert.Equal("讲座", await site.HeldAsync(ids[4]));
        Assert.Equal("|其他|", await site.ProjectedAsync(ids[3]));
    }

    internal static async Task<TagJobRecord> WaitAsync(TestSite site, long jobId)
    {
        for (var i = 0; i < 300; i++)
        {
            var job = await site.WithAsync(sp => sp.GetRequiredService<TagJobService>().FindAsync(jobId));
            if (job?.Status is TagJobStatuses.Completed or TagJobStatuses.Failed)
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Job {jobId} did not finish.");
    }
}
