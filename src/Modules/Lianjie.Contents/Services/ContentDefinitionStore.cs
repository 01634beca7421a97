using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Core.Data;
using Lianjie.Core.Documents;

namespace Lianjie.Contents.Services;

/// <summary>
/// The whole ContentDefinitionSet as one document, stored in the same JSON shape as the recipe step
/// so an export is a copy of the document.
/// </summary>
public sealed class ContentDefinitionStore(DocumentStore documents, DbSession session, ContentDefinitionCache cache)
{
    public const string DocumentType = "ContentDefinition";
    public const string DocumentKey = "default";

    /// <summary>A fresh copy the caller may change and save.</summary>
    public async Task<ContentDefinitionSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        var record = await documents.GetRecordAsync(DocumentType, DocumentKey, cancellationToken);
        return record is null
            ? new ContentDefinitionSet()
            : ContentDefinitionSet.FromJson(RecipeJson.ParseObject(record.Content));
    }

    /// <summary>
    /// The shell's shared copy for hot read paths (H5 pages): no database round trip or JSON parse
    /// per request. Never change it. Inside an open transaction this is a fresh load instead, so the
    /// caller sees its own uncommitted changes.
    /// </summary>
    public Task<ContentDefinitionSet> LoadReadOnlyAsync(CancellationToken cancellationToken = default) =>
        session.Transaction is null ? cache.GetAsync(cancellationToken) : LoadAsync(cancellationToken);

    public async Task SaveAsync(ContentDefinitionSet definitions, CancellationToken cancellationToken = default)
    {
        JsonObject document = definitions.ToJson();
        await documents.SaveNodeAsync(DocumentType, DocumentKey, document, cancellationToken);
        cache.Invalidate();
    }
}
