using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Tags.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Tags.Services;

/// <summary>
/// Applies and removes tags. Every change commits together with its ledger event, in the caller's
/// transaction when one is open, else in one of its own.
/// </summary>
public sealed partial class TagService(
    DbSession session,
    IBehaviourLedger ledger,
    IConsentRegistry consent,
    IFollowerDirectory directory,
    AuditLog audit,
    TimeProvider clock) : IFollowerTagService
{
    public async Task<TagChange> AddAsync(long followerId, string tagName, TagChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        var name = tagName.Trim();
        var tag = await FindTagAsync(name, cancellationToken);
        if (tag is null)
        {
            return new TagChange(TagChangeStatus.UnknownTag, name, $"The tag '{name}' does not exist.");
        }

        _ = await directory.FindAsync(followerId, cancellationToken) ?? throw new KeyNotFoundException($"Follower {followerId} not found.");
        var plans = await ApplyAsync([(followerId, [tag])], origin, cancellationToken);
        var plan = plans[0];
        if (plan.Refused.FirstOrDefault() is { } refused)
        {
            return new TagChange(refused.Status, name, refused.Message);
        }

        return plan.Added.Count > 0 ? new TagChange(TagChangeStatus.Applied, name) : new TagChange(TagChangeStatus.AlreadyPresent, name);
    }

    public async Task<TagChange> RemoveAsync(long followerId, string tagName, TagChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        var name = tagName.Trim();
        var tag = await FindTagAsync(name, cancellationToken);
        if (tag is null)
        {
            return new TagChange(TagChangeStatus.UnknownTag, name, $"The tag '{name}' does not exist.");
        }

        var removed = await RemoveManyAsync(tag, [followerId], origin, null, cancellationToken);
        return removed > 0 ? new TagChange(TagChangeStatus.Removed, name) : new TagChange(TagChangeStatus.NotPresent, name);
    }

    public async Task<IReadOnlyList<FollowerTagInfo>> GetAsync(long followerId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rows = await (from ft in db.Set<FollowerTagRecord>().AsNoTracking()
                          join t in db.Set<TagRecord>() on ft.TagId equals t.Id
                          join g in db.Set<TagGroupRecord>() on t.GroupId equals g.Id into groups
                          from g in groups.DefaultIfEmpty()
                          where ft.FollowerId == followerId
                          select new { t.Name, Group = g == null ? null : g.Name, ft.AppliedUtc, ft.Source, ft.By, ft.ExpiresUtc })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Group ?? string.Empty, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new FollowerTagInfo(r.Name, r.Group, Utc(r.AppliedUtc), r.Source, r.By, r.ExpiresUtc is { } e ? Utc(e) : null))
            .ToList();
    }

    /// <summary>Removes one tag from many followers, one tag.removed event each; returns how many held it.</summary>
    internal async Task<int> RemoveManyAsync(TagRecord tag, IReadOnlyCollection<long> followerIds, TagChangeOrigin origin, string? reason, CancellationToken cancellationToken)
    {
        var group = await GroupNameAsync(tag.GroupId, cancellationToken);
        return await InTransactionAsync(
            async () =>
            {
                var removed = await TagSql.DeleteAsync(session, tag.Id, followerIds, cancellationToken);
                var now = clock.GetUtcNow().UtcDateTime;
                await ledger.AppendManyInTransactionAsync(session, removed.Select(id => TagEvents.Removed(id, [tag.Name], group, origin, now, reason)).ToList(), cancellationToken);
                return removed.Count;
            },
            cancellationToken);
    }

    internal Task<int> AppendManyAsync(IReadOnlyList<BehaviourEventDraft> drafts, CancellationToken cancellationToken) =>
        ledger.AppendManyInTransactionAsync(session, drafts, cancellationToken);

    internal async Task<TagRecord?> FindTagAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<TagRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
    }

    internal async Task<string?> GroupNameAsync(long? groupId, CancellationToken cancellationToken)
    {
        if (groupId is null)
        {
            return null;
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<TagGroupRecord>().Where(g => g.Id == groupId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Joins the caller's transaction when there is one (a recipe, a workflow), else runs its own.</summary>
    internal async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (session.Transaction is not null)
        {
            return await work();
        }

        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work();
            await session.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
