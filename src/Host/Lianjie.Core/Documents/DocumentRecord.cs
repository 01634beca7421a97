namespace Lianjie.Core.Documents;

/// <summary>A schemaless JSON document (YesSql's idea): one row, indexed by separate tables.</summary>
public sealed class DocumentRecord
{
    public long Id { get; set; }

    public string Type { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    public string Content { get; set; } = "{}";

    public int Version { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }
}
