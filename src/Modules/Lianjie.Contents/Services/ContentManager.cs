using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Parts;
using Lianjie.Core.Data;

namespace Lianjie.Contents.Services;

/// <summary>
/// The content rules in one place: validate, sanitise, route, version and store. Admin pages, the
/// API, recipes and the scheduler all go through here.
/// </summary>
public sealed class ContentManager(
    DbSession session,
    ContentItemRepository repository,
    ContentDefinitionStore definitionStore,
    HtmlBodySanitizer sanitizer,
    TimeProvider clock)
{
    private static readonly ContentItemValidator Validator = new();
    private static readonly SlugGenerator Slugs = new();
    private static readonly SlugCollisionResolver Collisions = new();
    private readonly ContentVersioning _versioning = new();

    public Task<ContentItem?> GetAsync(string contentItemId, ContentStatus status = ContentStatus.Published, CancellationToken cancellationToken = default) =>
        repository.GetAsync(contentItemId, status, cancellationToken);

    public Task<List<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        repository.GetVersionsAsync(contentItemId, cancellationToken);

    public Task<ContentPage> ListAsync(ContentQuery query, CancellationToken cancellationToken = default) =>
        repository.ListAsync(query, cancellationToken);

    public Task<ContentItem?> GetPublishedByPathAsync(string path, CancellationToken cancellationToken = default) =>
        repository.GetPublishedByPathAsync(path.Trim('/'), cancellationToken);

    /// <summary>
    /// Saves an edit (new item when its ContentItemId is unknown) as the latest draft, then publishes
    /// it when asked. Validation errors leave storage untouched.
    /// </summary>
    public async Task<ContentSaveResult> SaveAsync(ContentItem edited, bool publish, string? userName, CancellationToken cancellationToken = default)
    {
        var definitions = await definitionStore.LoadAsync(cancellationToken);
        var item = edited.Clone();
        var errors = Validator.Validate(item, definitions);
        if (errors.Count > 0)
        {
            return new ContentSaveResult(null, errors);
        }

        var versions = item.ContentItemId is { Length: > 0 } id ? await repository.GetVersionsAsync(id, cancellationToken) : [];
        if (versions.Count > 0 && !string.Equals(versions[0].ContentType, item.ContentType, StringComparison.Ordinal))
        {
            return new ContentSaveResult(null, [new("", "", "The content type of an existing item cannot change.")]);
        }

        var now = Now;
        item.Author = userName ?? item.Author;
        if (versions.Count == 0)
        {
            item.Owner ??= userName;
        }

        item.ContentItemId = versions.Count == 0 && !IdGenerator.IsValid(item.ContentItemId) ? null : item.ContentItemId;
        var draft = _versioning.SaveDraft(versions, item, now);
        await PrepareAsync(draft, definitions, cancellationToken);
        var result = publish ? _versioning.Publish(versions, now) : draft;
        await SaveAsync(draft.ContentItemId!, versions, cancellationToken);
        return new ContentSaveResult(result, []);
    }

    public Task<ContentItem?> PublishAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        ChangeAsync(contentItemId, versions => GetLatest(versions) is null ? null : _versioning.Publish(versions, Now), cancellationToken);

    public Task<ContentItem?> UnpublishAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        ChangeAsync(contentItemId, versions => _versioning.Unpublish(versions), cancellationToken);

    public Task<ContentItem?> ScheduleAsync(string contentItemId, DateTime publishAtUtc, CancellationToken cancellationToken = default) =>
        ChangeAsync(contentItemId, versions => _versioning.SchedulePublish(versions, publishAtUtc, Now), cancellationToken);

    /// <summary>Copies an old version into a new draft; publishing it is a separate step.</summary>
    public Task<ContentItem?> RestoreAsync(string contentItemId, string contentItemVersionId, CancellationToken cancellationToken = default) =>
        ChangeAsync(contentItemId, versions => _versioning.Restore(versions, contentItemVersionId, Now), cancellationToken);

    public async Task<bool> DeleteAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        await repository.DeleteAsync(contentItemId, cancellationToken) > 0;

    /// <summary>Publishes every draft whose schedule is due; run by the background scheduler.</summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var id in await repository.DueForPublishingAsync(Now, 100, cancellationToken))
        {
            if (await ChangeAsync(id, versions => _versioning.PublishIfDue(versions, Now), cancellationToken) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Imports one item of a recipe's content step as Orchard does: the version id decides between
    /// update and new version, the item's own Latest/Published flags are kept. Types and parts we do
    /// not know are stored untouched; only HTML is sanitised and the path made unique.
    /// </summary>
    public async Task<ContentItem> ImportAsync(ContentItem incoming, ContentDefinitionSet definitions, CancellationToken cancellationToken = default)
    {
        var item = incoming.Clone();
        if (string.IsNullOrWhiteSpace(item.ContentType))
        {
            throw new ArgumentException("A content item has no ContentType.");
        }

        var now = Now;
        item.ContentItemId = string.IsNullOrWhiteSpace(item.ContentItemId) ? IdGenerator.Shared.GenerateId() : item.ContentItemId;
        item.ContentItemVersionId = string.IsNullOrWhiteSpace(item.ContentItemVersionId) ? IdGenerator.Shared.GenerateId() : item.ContentItemVersionId;
        item.CreatedUtc ??= now;
        item.ModifiedUtc ??= now;
        item.Latest = item.Data.GetBoolean("Latest") ?? true;
        if (item.Published)
        {
            item.PublishedUtc ??= now;
        }

        await PrepareAsync(item, definitions, cancellationToken);
        var versions = await repository.GetVersionsAsync(item.ContentItemId, cancellationToken);
        versions.RemoveAll(v => v.ContentItemVersionId == item.ContentItemVersionId);
        foreach (var other in versions)
        {
            other.Latest &= !item.Latest;
            other.Published &= !item.Published;
        }

        versions.Add(item);
        await SaveAsync(item.ContentItemId, versions, cancellationToken);
        return item;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static ContentItem? GetLatest(IEnumerable<ContentItem> versions) => ContentVersioning.GetLatest(versions);

    private async Task<ContentItem?> ChangeAsync(string contentItemId, Func<List<ContentItem>, ContentItem?> change, CancellationToken cancellationToken)
    {
        var versions = await repository.GetVersionsAsync(contentItemId, cancellationToken);
        if (versions.Count == 0)
        {
            return null;
        }

        var changed = change(versions);
        if (changed is not null)
        {
            await SaveAsync(contentItemId, versions, cancellationToken);
        }

        return changed;
    }

    /// <summary>Sanitised HTML, DisplayText from the title, a unique autoroute path.</summary>
    private async Task PrepareAsync(ContentItem item, ContentDefinitionSet definitions, CancellationToken cancellationToken)
    {
        sanitizer.SanitizeItem(item, definitions);
        if (string.IsNullOrWhiteSpace(item.DisplayText) && item.Title is { Length: > 0 } title)
        {
            item.DisplayText = title;
        }

        var type = definitions.GetTypeDefinition(item.ContentType ?? string.Empty);
        var routed = type?.Parts.Any(p => p.PartName == KnownPartNames.AutoroutePart) == true || item.HasPart(KnownPartNames.AutoroutePart);
        if (!routed)
        {
            return;
        }

        var path = item.AutoroutePath?.Trim().Trim('/');
        if (string.IsNullOrEmpty(path))
        {
            // Orchard leaves an item without a title (e.g. a home page widget) unrouted.
            if (string.IsNullOrWhiteSpace(item.DisplayText))
            {
                return;
            }

            path = Slugs.GenerateSlug(item.DisplayText);
        }

        item.AutoroutePath = await Collisions.ResolveAsync(path, (candidate, ct) => repository.PathTakenAsync(candidate, item.ContentItemId, ct), cancellationToken);
    }

    /// <summary>All versions in one transaction, joining the caller's (e.g. a recipe import) when there is one.</summary>
    private async Task SaveAsync(string contentItemId, IReadOnlyList<ContentItem> versions, CancellationToken cancellationToken)
    {
        var own = session.Transaction is null;
        if (own)
        {
            await session.BeginTransactionAsync(cancellationToken);
        }

        try
        {
            await repository.SaveVersionsAsync(contentItemId, versions, cancellationToken);
            if (own)
            {
                await session.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            if (own)
            {
                await session.RollbackAsync();
            }

            throw;
        }
    }
}
