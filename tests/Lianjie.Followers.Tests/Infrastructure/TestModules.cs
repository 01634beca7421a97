using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Modules;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Infrastructure;

internal static class TestModuleRegistration
{
    [ModuleInitializer]
    internal static void Register() => TestSite.ExtraModuleAssemblies = [typeof(TestModuleRegistration).Assembly];
}

/// <summary>Stands in for the Tags module: knows "VIP" and "肝病关注", joins the caller's transaction.</summary>
public sealed class FakeTagsManifest : IModuleManifest
{
    public const string Id = "Test.FakeTags";

    public ModuleInfo Module { get; } = new(Id, "Fake tags", "Test double of IFollowerTagService", "Test", ["Lianjie.Followers"], typeof(FakeTagsStartup));
}

public sealed class FakeTagsStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services) => services.AddScoped<IFollowerTagService, FakeTagService>();
}

public sealed class FakeTagService(DbSession session, IBehaviourLedger ledger) : IFollowerTagService
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string> { "VIP", "肝病关注" };

    public Task<TagChange> AddAsync(long followerId, string tagName, TagChangeOrigin origin, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TagChange> RemoveAsync(long followerId, string tagName, TagChangeOrigin origin, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<FollowerTagInfo>> GetAsync(long followerId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FollowerTagInfo>>([new FollowerTagInfo("VIP", null, new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc), "workflow", "rule-kidney-3-reads", null)]);

    public async Task<BulkTagResult> AddManyAsync(IReadOnlyList<FollowerTagAssignment> assignments, TagChangeOrigin origin, bool createUnknownTags, CancellationToken cancellationToken = default)
    {
        var refused = new List<RefusedTag>();
        var applied = 0;
        foreach (var assignment in assignments)
        {
            var ok = new JsonArray();
            foreach (var tag in assignment.Tags)
            {
                if (!createUnknownTags && !Known.Contains(tag))
                {
                    refused.Add(new RefusedTag(assignment.FollowerId, tag, TagChangeStatus.UnknownTag, null));
                    continue;
                }

                ok.Add(tag);
                applied++;
            }

            if (ok.Count > 0)
            {
                var draft = new BehaviourEventDraft(BehaviourEventTypes.TagAdded, assignment.FollowerId, Payload: new JsonObject { ["tags"] = ok }, Source: origin.Source);
                if (session.Transaction is not null)
                {
                    await ledger.AppendInTransactionAsync(session, draft, cancellationToken);
                }
                else
                {
                    await ledger.AppendAsync(draft, cancellationToken);
                }
            }
        }

        return new BulkTagResult(applied, 0, refused);
    }
}

/// <summary>Stands in for Contents: the FollowerProfile type has phone, city and name.</summary>
public sealed class FakeProfileTypeManifest : IModuleManifest
{
    public const string Id = "Test.ProfileType";

    public ModuleInfo Module { get; } = new(Id, "Fake profile type", "Test double of IContentTypeFields", "Test", [], typeof(FakeProfileTypeStartup));
}

public sealed class FakeProfileTypeStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IContentTypeFields, FakeProfileFields>();
}

public sealed class FakeProfileFields : IContentTypeFields
{
    public Task<IReadOnlyList<ContentFieldInfo>> GetFieldsAsync(string contentType, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ContentFieldInfo>>(contentType == "FollowerProfile"
            ? [new("FollowerProfile", "phone", "Phone", "TextField", false), new("FollowerProfile", "city", "City", "TextField", false), new("FollowerProfile", "name", "Name", "TextField", false)]
            : []);
}
