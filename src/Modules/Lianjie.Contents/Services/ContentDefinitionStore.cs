using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Core.Documents;

namespace Lianjie.Contents.Services;

/// <summary>
/// The whole ContentDefinitionSet as one document, stored in the same JSON shape as the recipe step
/// so an export is a copy of the document.
/// </summary>
public sealed class ContentDefinitionStore(DocumentStore documents)
{
    public const string DocumentType = "ContentDefinition";
    public const string DocumentKey = "default";

    public async Task<ContentDefinitionSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        var record = await documents.GetRecordAsync(DocumentType, DocumentKey, cancellationToken);
        return record is null
            ? new ContentDefinitionSet()
            : ContentDefinitionSet.FromJson(RecipeJson.ParseObject(record.Content));
    }

    public Task SaveAsync(ContentDefinitionSet definitions, CancellationToken cancellationToken = default)
    {
        JsonObject document = definitions.ToJson();
        return documents.SaveNodeAsync(DocumentType, DocumentKey, document, cancellationToken);
    }
}
