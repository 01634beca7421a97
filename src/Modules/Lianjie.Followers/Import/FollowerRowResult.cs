namespace Lianjie.Followers.Import;

/// <summary>Either a valid <see cref="Row"/> or a non-empty list of <see cref="Errors"/>.</summary>
public sealed class FollowerRowResult
{
    private FollowerRowResult(FollowerImportRow? row, IReadOnlyList<ImportRowError> errors)
    {
        Row = row;
        Errors = errors;
    }

    public FollowerImportRow? Row { get; }

    public IReadOnlyList<ImportRowError> Errors { get; }

    public bool IsValid => Row is not null;

    public static FollowerRowResult Valid(FollowerImportRow row) => new(row, []);

    public static FollowerRowResult Invalid(IReadOnlyList<ImportRowError> errors) => new(null, errors);
}
