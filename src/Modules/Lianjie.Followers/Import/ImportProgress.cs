namespace Lianjie.Followers.Import;

/// <summary>How far the reader has got. <paramref name="TotalBytes"/> is null when the source stream has no length.</summary>
public readonly record struct ImportProgress(long RowsRead, long BytesRead, long? TotalBytes);
