namespace Lianjie.Core.Documents;

/// <summary>
/// Maps a document to rows of an index table (an EF entity with a DocumentId column). The store
/// replaces a document's index rows in the same transaction as the document itself.
/// </summary>
public interface IDocumentIndexProvider
{
    string DocumentType { get; }

    Type IndexType { get; }

    IEnumerable<IDocumentIndex> Map(long documentId, string key, System.Text.Json.Nodes.JsonObject content);
}

public interface IDocumentIndex
{
    long DocumentId { get; set; }
}
