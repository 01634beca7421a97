using Lianjie.Contents.Items;
using Lianjie.Contents.Parts;

namespace Lianjie.Contents.Tests.Parts;

public class ContentVersioningTests
{
    private static readonly DateTime T0 = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly ContentVersioning _versioning = new();
    private readonly List<ContentItem> _versions = [];

    [Fact]
    public void First_save_creates_an_unpublished_latest_draft()
    {
        var draft = _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article", Title = "v1" }, T0);

        Assert.Single(_versions);
        Assert.True(draft.Latest);
        Assert.False(draft.Published);
        Assert.True(IdGenerator.IsValid(draft.ContentItemId));
        Assert.True(IdGenerator.IsValid(draft.ContentItemVersionId));
        Assert.Equal(T0, draft.CreatedUtc);
        Assert.Null(ContentVersioning.GetPublished(_versions));
    }

    [Fact]
    public void Saving_an_unpublished_draft_again_overwrites_it()
    {
        var first = _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article", Title = "v1" }, T0);
        var edited = first.Clone();
        edited.Title = "v1b";

        var second = _versioning.SaveDraft(_versions, edited, T0.AddMinutes(1));

        Assert.Single(_versions);
        Assert.Equal(first.ContentItemVersionId, second.ContentItemVersionId);
        Assert.Equal("v1b", ContentVersioning.GetLatest(_versions)!.Title);
    }

    [Fact]
    public void Draft_publish_new_draft_unpublish_lifecycle()
    {
        var v1 = _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article", Title = "v1" }, T0);

        var published = _versioning.Publish(_versions, T0.AddMinutes(1));
        Assert.Same(v1, published);
        Assert.True(v1.Published && v1.Latest);
        Assert.Equal(T0.AddMinutes(1), v1.PublishedUtc);

        // Editing a published item: a new draft is latest, the old version stays what visitors see.
        var edited = v1.Clone();
        edited.Title = "v2";
        var v2 = _versioning.SaveDraft(_versions, edited, T0.AddMinutes(2));
        Assert.Equal(2, _versions.Count);
        Assert.NotEqual(v1.ContentItemVersionId, v2.ContentItemVersionId);
        Assert.Equal(v1.ContentItemId, v2.ContentItemId);
        Assert.Equal("v1", ContentVersioning.GetPublished(_versions)!.Title);
        Assert.Equal("v2", ContentVersioning.GetLatest(_versions)!.Title);
        Assert.False(v1.Latest);

        _versioning.Publish(_versions, T0.AddMinutes(3));
        Assert.Equal("v2", ContentVersioning.GetPublished(_versions)!.Title);
        Assert.False(v1.Published);
        Assert.Single(_versions, v => v.Published);
        Assert.Single(_versions, v => v.Latest);

        var unpublished = _versioning.Unpublish(_versions);
        Assert.Same(v2, unpublished);
        Assert.Null(ContentVersioning.GetPublished(_versions));
        Assert.Same(v2, ContentVersioning.GetLatest(_versions));
        Assert.Null(_versioning.Unpublish(_versions));
    }

    [Fact]
    public void Scheduled_publish_only_happens_when_due()
    {
        _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article", Title = "later" }, T0);
        var due = T0.AddHours(2);

        var scheduled = _versioning.SchedulePublish(_versions, due, T0);
        Assert.Equal(due, scheduled.ScheduledPublishUtc);

        Assert.Null(_versioning.PublishIfDue(_versions, T0.AddHours(1)));
        Assert.Null(ContentVersioning.GetPublished(_versions));

        var published = _versioning.PublishIfDue(_versions, due);
        Assert.NotNull(published);
        Assert.True(published.Published);
        Assert.Equal(due, published.PublishedUtc);
        Assert.Null(published.ScheduledPublishUtc);
        Assert.Null(_versioning.PublishIfDue(_versions, due.AddHours(1)));
    }

    [Fact]
    public void Scheduling_in_the_past_or_on_a_published_version_is_refused()
    {
        _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article" }, T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => _versioning.SchedulePublish(_versions, T0, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _versioning.SchedulePublish(_versions, T0.AddMinutes(-5), T0));

        _versioning.Publish(_versions, T0);
        Assert.Throws<InvalidOperationException>(() => _versioning.SchedulePublish(_versions, T0.AddDays(1), T0));
    }

    [Fact]
    public void Restore_copies_an_old_version_into_a_new_draft()
    {
        var v1 = _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article", Title = "v1" }, T0);
        _versioning.Publish(_versions, T0);
        var edited = v1.Clone();
        edited.Title = "v2";
        var v2 = _versioning.SaveDraft(_versions, edited, T0.AddMinutes(1));
        _versioning.Publish(_versions, T0.AddMinutes(2));

        var restored = _versioning.Restore(_versions, v1.ContentItemVersionId!, T0.AddMinutes(3));

        Assert.Equal(3, _versions.Count);
        Assert.Equal("v1", restored.Title);
        Assert.True(restored.Latest);
        Assert.False(restored.Published);
        Assert.NotEqual(v1.ContentItemVersionId, restored.ContentItemVersionId);
        Assert.Same(v2, ContentVersioning.GetPublished(_versions));
        Assert.False(v2.Latest);
        Assert.Equal("v1", v1.Title);
        Assert.Throws<KeyNotFoundException>(() => _versioning.Restore(_versions, "missing", T0));
    }

    [Fact]
    public void Discarding_a_draft_makes_the_published_version_latest_again()
    {
        var v1 = _versioning.SaveDraft(_versions, new ContentItem { ContentType = "Article", Title = "v1" }, T0);
        _versioning.Publish(_versions, T0);
        _versioning.SaveDraft(_versions, v1.Clone(), T0.AddMinutes(1));

        Assert.True(_versioning.DiscardDraft(_versions));

        Assert.Same(v1, Assert.Single(_versions));
        Assert.True(v1.Latest && v1.Published);
        Assert.False(_versioning.DiscardDraft(_versions));
    }
}
