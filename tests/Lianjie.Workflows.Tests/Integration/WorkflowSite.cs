using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Integration;

/// <summary>A real site with Followers and Workflows enabled, plus shortcuts for the delivery tests.</summary>
internal sealed class WorkflowSite(TestSite site) : IAsyncDisposable
{
    public TestSite Site { get; } = site;

    public static async Task<WorkflowSite> StartAsync(string provider = "sqlite", params string[] extraFeatures)
    {
        var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.Workflows", .. extraFeatures]);
        return new WorkflowSite(site);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Site.ShellHost.Current!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task WithScopeAsync(Func<IServiceProvider, Task> work) => WithScopeAsync<bool>(async sp =>
    {
        await work(sp);
        return true;
    });

    public Task<long> FollowerAsync(string openId) => WithScopeAsync(async sp =>
        (await sp.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey("wxapp", openId), true))!.Follower.Id);

    public Task SaveTypeAsync(WorkflowType type) => WithScopeAsync(sp => sp.GetRequiredService<IWorkflowTypeStore>().SaveAsync(type));

    public Task<AppendResult> AppendAsync(string type, long followerId, string? subject = null, JsonObject? payload = null, DateTime? occurredUtc = null, string? dedupeKey = null) =>
        WithScopeAsync(sp => sp.GetRequiredService<IBehaviourLedger>().AppendAsync(new BehaviourEventDraft(type, followerId, subject, payload, occurredUtc, "test", dedupeKey)));

    /// <summary>Runs the workflows reactor to the end of the ledger (the background loop may help; the checkpoint lock keeps it single).</summary>
    public Task CatchUpAsync() => Site.CatchUpAsync(WorkflowsReactor.ReactorName);

    public Task<long> PointsEventsAsync(long followerId) =>
        Site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed' AND \"FollowerId\" = {followerId}");

    public Task<long> CountAsync(string sql) => Site.ScalarAsync(sql);

    public ValueTask DisposeAsync() => Site.DisposeAsync();

    /// <summary>"When ⟨start⟩ then add ⟨amount⟩ interaction points" — a rule whose effect is a countable ledger event.</summary>
    public static WorkflowType PointsRule(string name, string startActivity, JsonObject? filters = null, params (string Id, string Name, JsonObject? Properties)[] before)
    {
        var builder = new WorkflowBuilder(name).Start("start", startActivity, filters);
        var previous = "start";
        foreach (var (id, activity, properties) in before)
        {
            builder.Activity(id, activity, properties).Connect(previous, "Done", id);
            previous = id;
        }

        return builder
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "interaction", ["Amount"] = 5, ["Reason"] = name })
            .Connect(previous, "Done", "points")
            .Build();
    }
}
