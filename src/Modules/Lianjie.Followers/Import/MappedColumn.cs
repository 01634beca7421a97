namespace Lianjie.Followers.Import;

/// <summary>A file column and where its values go. <paramref name="ProfileName"/> is set only for <see cref="FollowerField.Profile"/>.</summary>
public sealed record MappedColumn(int Index, string Header, FollowerField Field, string? ProfileName);
