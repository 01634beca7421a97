using Lianjie.Contents.Items;

namespace Lianjie.Contents.Parts;

/// <summary>
/// Draft/publish rules over all versions of one content item, with no storage involved.
/// Invariants kept by every operation: exactly one Latest version (once any exist), at most one
/// Published version. Editing a published item creates a new draft and the published version stays
/// visible until the draft is published. Methods mutate the list and its items; the caller saves
/// every version afterwards. Times are passed in so callers and tests control the clock.
/// Non-draftable/non-versionable types are the caller's choice: call Publish right after SaveDraft.
/// </summary>
public sealed class ContentVersioning(IdGenerator? idGenerator = null)
{
    private readonly IdGenerator _ids = idGenerator ?? IdGenerator.Shared;

    public static ContentItem? GetPublished(IEnumerable<ContentItem> versions) => versions.FirstOrDefault(v => v.Published);

    public static ContentItem? GetLatest(IEnumerable<ContentItem> versions) => versions.FirstOrDefault(v => v.Latest);

    /// <summary>
    /// Stores <paramref name="edited"/> as the latest draft. A draft on top of a published version
    /// is a new version; an existing unpublished draft is overwritten in place (same version id).
    /// </summary>
    public ContentItem SaveDraft(IList<ContentItem> versions, ContentItem edited, DateTime utcNow)
    {
        var draft = edited.Clone();
        draft.Latest = true;
        draft.Published = false;
        draft.ModifiedUtc = utcNow;

        var latest = GetLatest(versions);
        if (latest is null)
        {
            draft.ContentItemId ??= _ids.GenerateId();
            draft.ContentItemVersionId = _ids.GenerateId();
            draft.CreatedUtc ??= utcNow;
            versions.Add(draft);
            return draft;
        }

        draft.ContentItemId = latest.ContentItemId;
        draft.CreatedUtc = latest.CreatedUtc ?? utcNow;
        if (latest.Published)
        {
            draft.ContentItemVersionId = _ids.GenerateId();
            draft.PublishedUtc = latest.PublishedUtc;
            latest.Latest = false;
            versions.Add(draft);
        }
        else
        {
            draft.ContentItemVersionId = latest.ContentItemVersionId;
            versions[versions.IndexOf(latest)] = draft;
        }

        return draft;
    }

    /// <summary>Publishes the latest version; the previously published one stops being published.</summary>
    public ContentItem Publish(IList<ContentItem> versions, DateTime utcNow)
    {
        var latest = GetLatest(versions) ?? throw new InvalidOperationException("There is no version to publish.");
        if (latest.Published)
        {
            return latest;
        }

        foreach (var version in versions)
        {
            version.Published = false;
        }

        latest.Published = true;
        latest.PublishedUtc = utcNow;
        latest.ScheduledPublishUtc = null;
        return latest;
    }

    /// <summary>Hides the item; the latest version stays latest (as a draft). Null if nothing was published.</summary>
    public ContentItem? Unpublish(IList<ContentItem> versions)
    {
        var published = GetPublished(versions);
        if (published is not null)
        {
            published.Published = false;
        }

        return published;
    }

    /// <summary>Sets PublishLaterPart.ScheduledPublishUtc on the latest draft; the time must be in the future.</summary>
    public ContentItem SchedulePublish(IList<ContentItem> versions, DateTime publishAtUtc, DateTime utcNow)
    {
        if (publishAtUtc <= utcNow)
        {
            throw new ArgumentOutOfRangeException(nameof(publishAtUtc), "A scheduled publish time must be in the future.");
        }

        var latest = GetLatest(versions) ?? throw new InvalidOperationException("There is no version to schedule.");
        if (latest.Published)
        {
            throw new InvalidOperationException("The latest version is already published.");
        }

        latest.ScheduledPublishUtc = publishAtUtc;
        return latest;
    }

    /// <summary>Run by the background task: publishes the latest draft when its schedule is due. Null when nothing happened.</summary>
    public ContentItem? PublishIfDue(IList<ContentItem> versions, DateTime utcNow)
    {
        var latest = GetLatest(versions);
        if (latest is null || latest.Published || latest.ScheduledPublishUtc is not { } due || due > utcNow)
        {
            return null;
        }

        return Publish(versions, utcNow);
    }

    /// <summary>Drops the latest unpublished draft; the published version becomes latest again.</summary>
    public bool DiscardDraft(IList<ContentItem> versions)
    {
        var latest = GetLatest(versions);
        var published = GetPublished(versions);
        if (latest is null || latest.Published || published is null)
        {
            return false;
        }

        versions.Remove(latest);
        published.Latest = true;
        return true;
    }

    /// <summary>Copies an old version into a new latest draft; history and the published version are untouched.</summary>
    public ContentItem Restore(IList<ContentItem> versions, string contentItemVersionId, DateTime utcNow)
    {
        var source = versions.FirstOrDefault(v => v.ContentItemVersionId == contentItemVersionId)
            ?? throw new KeyNotFoundException($"Version '{contentItemVersionId}' not found.");
        var latest = GetLatest(versions);

        var restored = source.Clone();
        restored.ContentItemVersionId = _ids.GenerateId();
        restored.Latest = true;
        restored.Published = false;
        restored.ModifiedUtc = utcNow;
        restored.ScheduledPublishUtc = null;
        if (latest is not null)
        {
            latest.Latest = false;
        }

        versions.Add(restored);
        return restored;
    }
}
