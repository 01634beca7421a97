namespace Lianjie.Followers.Import;

/// <summary>A problem with one row. <paramref name="Column"/> is the header text as the user wrote it (or the field name when the column is missing).</summary>
public sealed record ImportRowError(int RowNumber, string Column, string Reason);
