using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Tags.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Tags.Services;

public sealed record TagGroupInput(string Name, string? Description, bool Exclusive, int? MaxPerFollower);

public sealed record TagInput(string Name, string? Group, string? Color, string? Description, bool Sensitive, int? ExpiryDays);

public sealed record TagListItem(long Id, string Name, string? Group, string? Color, string? Description, bool Sensitive, int? ExpiryDays, int Followers, DateTime CreatedUtc);

public sealed record TagGroupListItem(long Id, string Name, string? Description, bool Exclusive, int? MaxPerFollower, int Tags, int Followers);

/// <summary>The tag dictionary: groups and tags, and the changes that touch many followers (rename, merge, delete).</summary>
public sealed class TagDictionary(DbSession session, TagService tags, AuditLog audit, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Deletes touching more followers than this run as a background job.</summary>
    public const int InlineDeleteLimit = 2000;

    public async Task<(IReadOnlyList<TagListItem> Items, int Total)> ListTagsAsync(string? search, string? group, string? sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var query = from t in db.Set<TagRecord>().AsNoTracking()
                    join g in db.Set<TagGroupRecord>() on t.GroupId equals g.Id into gs
                    from g in gs.DefaultIfEmpty()
                    select new { Tag = t, Group = g == null ? null : g.Name };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            query = query.Where(x => x.Tag.Name.Contains(text) || (x.Tag.Description != null && x.Tag.Description.Contains(text)) || (x.Group != null && x.Group.Contains(text)));
        }

        if (!string.IsNullOrWhiteSpace(group))
        {
            query = query.Where(x => x.Group == group);
        }

        var total = await query.CountAsync(cancellationToken);
        var counted = query.Select(x => new { x.Tag, x.Group, Followers = db.Set<FollowerTagRecord>().Count(ft => ft.TagId == x.Tag.Id) });
        counted = sort switch
        {
            "followers" => counted.OrderByDescending(x => x.Followers).ThenBy(x => x.Tag.Name),
            "created" => counted.OrderByDescending(x => x.Tag.Id),
            "group" => counted.OrderBy(x => x.Group).ThenBy(x => x.Tag.Name),
            _ => counted.OrderBy(x => x.Tag.Name),
        };
        var page = await counted.Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (page.Select(x => new TagListItem(x.Tag.Id, x.Tag.Name, x.Group, x.Tag.Color, x.Tag.Description, x.Tag.Sensitive, x.Tag.ExpiryDays, x.Followers, DateTime.SpecifyKind(x.Tag.CreatedUtc, DateTimeKind.Utc))).ToList(), total);
    }

    public async Task<IReadOnlyList<TagGroupListItem>> ListGroupsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var groups = await db.Set<TagGroupRecord>().AsNoTracking()
            .Select(g => new
            {
                Group = g,
                Tags = db.Set<TagRecord>().Count(t => t.GroupId == g.Id),
                Followers = (from ft in db.Set<FollowerTagRecord>() join t in db.Set<TagRecord>() on ft.TagId equals t.Id where t.GroupId == g.Id select ft.FollowerId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        return groups.OrderBy(g => g.Group.Name, StringComparer.Ordinal)
            .Select(g => new TagGroupListItem(g.Group.Id, g.Group.Name, g.Group.Description, g.Group.Exclusive, g.Group.MaxPerFollower, g.Tags, g.Followers))
            .ToList();
    }

    public async Task<TagRecord?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<TagRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public Task<TagRecord?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        tags.FindTagAsync(name.Trim(), cancellationToken);

    public async Task<TagGroupRecord?> FindGroupAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<TagGroupRecord>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
    }

    public async Task<int> CountFollowersAsync(long tagId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<FollowerTagRecord>().CountAsync(ft => ft.TagId == tagId, cancellationToken);
    }

    /// <summary>Creates the group, or updates the one with the same name (recipes) — never renames.</summary>
    public async Task<TagGroupRecord> UpsertGroupAsync(TagGroupInput input, long? id = null, CancellationToken cancellationToken = default)
    {
        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 50)
        {
            throw new ArgumentException("A tag group needs a name of at most 50 characters.");
        }

        if (input.MaxPerFollower is < 1 or > TagRules.MaxTagsPerFollower)
        {
            throw new ArgumentException($"A group's limit per follower is between 1 and {TagRules.MaxTagsPerFollower}.");
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var sameName = await db.Set<TagGroupRecord>().FirstOrDefaultAsync(g => g.Name == name, cancellationToken);
        var group = id is { } existingId ? await db.Set<TagGroupRecord>().FirstOrDefaultAsync(g => g.Id == existingId, cancellationToken) ?? throw new KeyNotFoundException("Tag group not found.") : sameName;
        if (sameName is not null && group is not null && sameName.Id != group.Id)
        {
            throw new ArgumentException($"A tag group named '{name}' already exists.");
        }

        var created = group is null;
        group ??= db.Set<TagGroupRecord>().Add(new TagGroupRecord()).Entity;
        group.Name = name;
        group.Description = Empty(input.Description);
        group.Exclusive = input.Exclusive;
        group.MaxPerFollower = input.MaxPerFollower;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(created ? "tags.group-created" : "tags.group-updated", name, $"exclusive={input.Exclusive}, max={input.MaxPerFollower}", cancellationToken: cancellationToken);
        return group;
    }

    /// <summary>Creates the tag or updates the one with the same name; with <paramref name="id"/>, a new name renames it.</summary>
    public async Task<TagRecord> UpsertTagAsync(TagInput input, long? id = null, CancellationToken cancellationToken = default)
    {
        if (TagRules.ValidateName(input.Name) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        if (input.ExpiryDays is < 1 or > 3650)
        {
            throw new ArgumentException("A tag expires after 1 to 3650 days, or never.");
        }

        if (input.Color is { Length: > 0 } color && !System.Text.RegularExpressions.Regex.IsMatch(color, "^#[0-9a-fA-F]{3,8}$"))
        {
            throw new ArgumentException("A colour is written like #c0392b.");
        }

        var name = input.Name.Trim();
        long? groupId = null;
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(input.Group))
            {
                groupId = await db.Set<TagGroupRecord>().Where(g => g.Name == input.Group.Trim()).Select(g => (long?)g.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new ArgumentException($"The tag group '{input.Group}' does not exist.");
            }
        }

        TagRecord? existing;
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            existing = id is { } existingId
                ? await db.Set<TagRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == existingId, cancellationToken) ?? throw new KeyNotFoundException("Tag not found.")
                : await db.Set<TagRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
        }

        if (existing is not null && existing.Name != name)
        {
            await RenameAsync(existing.Id, name, cancellationToken);
        }

        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            var tag = existing is null ? db.Set<TagRecord>().Add(new TagRecord { Name = name, CreatedUtc = clock.GetUtcNow().UtcDateTime }).Entity
                : await db.Set<TagRecord>().FirstAsync(t => t.Id == existing.Id, cancellationToken);
            var changed = existing is null || tag.GroupId != groupId || tag.Color != Empty(input.Color) || tag.Description != Empty(input.Description) || tag.Sensitive != input.Sensitive || tag.ExpiryDays != input.ExpiryDays;
            tag.GroupId = groupId;
            tag.Color = Empty(input.Color);
            tag.Description = Empty(input.Description);
            tag.Sensitive = input.Sensitive;
            tag.ExpiryDays = input.ExpiryDays;
            await db.SaveChangesAsync(cancellationToken);
            if (changed)
            {
                await audit.RecordAsync(existing is null ? "tags.created" : "tags.updated", name, $"group={input.Group}, sensitive={input.Sensitive}, expiryDays={input.ExpiryDays}", cancellationToken: cancellationToken);
            }

            return tag;
        }
    }

    /// <summary>
    /// Followers keep the tag (rows point at its id). The follower projection stores names, so each
    /// holder gets tag.removed(old) + tag.added(new) with reason "renamed", in the same transaction.
    /// </summary>
    public async Task RenameAsync(long tagId, string newName, CancellationToken cancellationToken = default)
    {
        if (TagRules.ValidateName(newName) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        newName = newName.Trim();
        var tag = await FindAsync(tagId, cancellationToken) ?? throw new KeyNotFoundException("Tag not found.");
        if (await tags.FindTagAsync(newName, cancellationToken) is { } clash && clash.Id != tagId)
        {
            throw new ArgumentException($"A tag named '{newName}' already exists: merge instead.");
        }

        var group = await tags.GroupNameAsync(tag.GroupId, cancellationToken);
        var origin = new TagChangeOrigin("admin", CurrentUser, $"renamed from {tag.Name} to {newName}");
        var holders = 0;
        await tags.InTransactionAsync(
            async () =>
            {
                await using (var command = await session.CreateCommandAsync($"UPDATE \"Tags\" SET \"Name\" = @n WHERE \"Id\" = {tagId}", cancellationToken))
                {
                    command.AddParameter("n", newName);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                var now = clock.GetUtcNow().UtcDateTime;
                for (long after = 0; ;)
                {
                    var ids = await TagSql.FollowersOfAsync(session, tagId, after, TagService.ChunkSize, cancellationToken);
                    if (ids.Count == 0)
                    {
                        break;
                    }

                    await tags.AppendManyAsync(ids.SelectMany(id => new[] { TagEvents.Removed(id, [tag.Name], group, origin, now), TagEvents.Added(id, [newName], group, origin, now) }).ToList(), cancellationToken);
                    holders += ids.Count;
                    after = ids[^1];
                }

                return holders;
            },
            cancellationToken);
        await audit.RecordAsync("tags.renamed", newName, $"'{tag.Name}' → '{newName}' ({holders} followers keep it)", cancellationToken: cancellationToken);
    }

    /// <summary>Followers of <paramref name="sourceId"/> end up on the target; the source tag is deleted. History stays in the ledger.</summary>
    public async Task<int> MergeAsync(long sourceId, long targetId, CancellationToken cancellationToken = default)
    {
        if (sourceId == targetId)
        {
            throw new ArgumentException("A tag cannot be merged into itself.");
        }

        var source = await FindAsync(sourceId, cancellationToken) ?? throw new KeyNotFoundException("Tag not found.");
        var target = await FindAsync(targetId, cancellationToken) ?? throw new KeyNotFoundException("Target tag not found.");
        var sourceGroup = await tags.GroupNameAsync(source.GroupId, cancellationToken);
        var targetGroup = await tags.GroupNameAsync(target.GroupId, cancellationToken);
        var origin = new TagChangeOrigin("admin", CurrentUser, $"merged {source.Name} into {target.Name}");
        var moved = await tags.InTransactionAsync(
            async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var count = 0;
                for (long after = 0; ;)
                {
                    var ids = await TagSql.FollowersOfAsync(session, sourceId, after, TagService.ChunkSize, cancellationToken);
                    if (ids.Count == 0)
                    {
                        break;
                    }

                    var list = TagSql.IdList(ids);
                    var alreadyOnTarget = await TagSql.HoldersAmongAsync(session, targetId, ids, cancellationToken);
                    await TagSql.ExecuteAsync(
                        session,
                        "INSERT INTO \"FollowerTags\" (\"FollowerId\", \"TagId\", \"AppliedUtc\", \"ExpiresUtc\", \"Source\", \"By\", \"Reason\") " +
                        $"SELECT \"FollowerId\", {targetId}, \"AppliedUtc\", \"ExpiresUtc\", \"Source\", \"By\", \"Reason\" FROM \"FollowerTags\" WHERE \"TagId\" = {sourceId} AND \"FollowerId\" IN ({list}) " +
                        "ON CONFLICT (\"FollowerId\", \"TagId\") DO NOTHING",
                        cancellationToken);
                    await TagSql.ExecuteAsync(session, $"DELETE FROM \"FollowerTags\" WHERE \"TagId\" = {sourceId} AND \"FollowerId\" IN ({list})", cancellationToken);
                    var drafts = ids.Select(id => TagEvents.Removed(id, [source.Name], sourceGroup, origin, now)).ToList();
                    drafts.AddRange(ids.Where(id => !alreadyOnTarget.Contains(id)).Select(id => TagEvents.Added(id, [target.Name], targetGroup, origin, now)));
                    await tags.AppendManyAsync(drafts, cancellationToken);
                    count += ids.Count;
                    after = ids[^1];
                }

                await TagSql.ExecuteAsync(session, $"DELETE FROM \"Tags\" WHERE \"Id\" = {sourceId}", cancellationToken);
                return count;
            },
            cancellationToken);
        await audit.RecordAsync("tags.merged", target.Name, $"'{source.Name}' merged into '{target.Name}' ({moved} followers)", cancellationToken: cancellationToken);
        return moved;
    }

    /// <summary>Removes the tag from every holder (tag.removed each), then deletes it. Large deletes go to a background job instead.</summary>
    public async Task<int> DeleteNowAsync(long tagId, CancellationToken cancellationToken = default)
    {
        var tag = await FindAsync(tagId, cancellationToken) ?? throw new KeyNotFoundException("Tag not found.");
        var origin = new TagChangeOrigin("admin", CurrentUser, $"tag {tag.Name} deleted");
        var removed = 0;
        for (long after = 0; ;)
        {
            var ids = await TagSql.FollowersOfAsync(session, tagId, after, TagService.ChunkSize, cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            removed += await tags.RemoveManyAsync(tag, ids, origin, "deleted", cancellationToken);
            after = ids[^1];
        }

        await TagSql.ExecuteAsync(session, $"DELETE FROM \"Tags\" WHERE \"Id\" = {tagId}", cancellationToken);
        await audit.RecordAsync("tags.deleted", tag.Name, $"removed from {removed} followers", cancellationToken: cancellationToken);
        return removed;
    }

    public async Task DeleteGroupAsync(long groupId, CancellationToken cancellationToken = default)
    {
        var group = await FindGroupAsync(groupId, cancellationToken) ?? throw new KeyNotFoundException("Tag group not found.");
        await TagSql.ExecuteAsync(session, $"UPDATE \"Tags\" SET \"GroupId\" = NULL WHERE \"GroupId\" = {groupId}", cancellationToken);
        await TagSql.ExecuteAsync(session, $"DELETE FROM \"TagGroups\" WHERE \"Id\" = {groupId}", cancellationToken);
        await audit.RecordAsync("tags.group-deleted", group.Name, "its tags are kept, without a group", cancellationToken: cancellationToken);
    }

    private string CurrentUser => http.HttpContext?.User.Identity?.Name ?? AuditLog.CliUser;

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
