namespace Lianjie.Followers.Import;

/// <summary>
/// Which file column feeds which follower field. Built from the header (case-insensitive, trimmed,
/// English or Chinese names); explicit <see cref="ColumnMapping"/>s win over the automatic guess.
/// Any header that is not a known field becomes a profile field of the same name.
/// </summary>
public sealed class FollowerColumnMap
{
    private readonly Dictionary<FollowerField, MappedColumn> _byField;

    private FollowerColumnMap(IReadOnlyList<MappedColumn> columns)
    {
        Columns = columns;
        _byField = columns
            .Where(c => c.Field is not (FollowerField.Ignore or FollowerField.Profile))
            .ToDictionary(c => c.Field);
    }

    /// <summary>Every header column in order, including ignored ones.</summary>
    public IReadOnlyList<MappedColumn> Columns { get; }

    public IEnumerable<MappedColumn> ProfileColumns => Columns.Where(c => c.Field == FollowerField.Profile);

    /// <summary>Builds the map from <paramref name="header"/> and <c>col=field</c> strings (e.g. from <c>--map</c>).</summary>
    public static FollowerColumnMap FromHeader(IReadOnlyList<string> header, IEnumerable<string> overrides) =>
        FromHeader(header, overrides.Select(ColumnMapping.Parse));

    /// <summary>
    /// Builds the map. Throws <see cref="FollowerImportException"/> when an override names a column that
    /// is not in the header, two columns claim the same field, or no column identifies the follower.
    /// </summary>
    public static FollowerColumnMap FromHeader(IReadOnlyList<string> header, IEnumerable<ColumnMapping>? overrides = null)
    {
        var explicitFields = new Dictionary<int, string>();
        foreach (var mapping in overrides ?? [])
        {
            var index = IndexOfHeader(header, mapping.Column)
                ?? throw new FollowerImportException(
                    $"column '{mapping.Column}' in the column map is not in the file header ({string.Join(", ", header.Where(h => h.Length > 0))})");
            explicitFields[index] = mapping.Field;
        }

        var columns = new List<MappedColumn>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            columns.Add(explicitFields.TryGetValue(i, out var target) ? Resolve(i, name, target) : Resolve(i, name, name));
        }

        // A field claimed explicitly takes precedence over a column that merely looked like it.
        foreach (var (index, _) in explicitFields)
        {
            var field = columns[index].Field;
            if (field is FollowerField.Ignore or FollowerField.Profile)
            {
                continue;
            }

            for (var i = 0; i < columns.Count; i++)
            {
                if (i != index && columns[i].Field == field && !explicitFields.ContainsKey(i))
                {
                    columns[i] = columns[i] with { Field = FollowerField.Ignore };
                }
            }
        }

        RejectDuplicates(columns);
        if (!columns.Any(c => c.Field is FollowerField.OpenId or FollowerField.UnionId))
        {
            throw new FollowerImportException(
                "the file has no openid or unionid column; name one in the header or map it, e.g. --map \"用户ID=openid\"");
        }

        return new FollowerColumnMap(columns);
    }

    /// <summary>The column feeding a built-in field, or null when the file has none.</summary>
    public MappedColumn? ColumnFor(FollowerField field) => _byField.GetValueOrDefault(field);

    private static MappedColumn Resolve(int index, string header, string target)
    {
        if (target.Length == 0)
        {
            return new MappedColumn(index, header, FollowerField.Ignore, null); // a blank header cell holds no field
        }

        return FollowerFieldNames.Find(target) is { } field
            ? new MappedColumn(index, header, field, null)
            : new MappedColumn(index, header, FollowerField.Profile, target.Trim());
    }

    private static int? IndexOfHeader(IReadOnlyList<string> header, string column)
    {
        var wanted = column.Trim();
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    private static void RejectDuplicates(List<MappedColumn> columns)
    {
        var clashes = columns
            .Where(c => c.Field != FollowerField.Ignore)
            .GroupBy(c => c.Field == FollowerField.Profile ? "profile:" + c.ProfileName!.ToUpperInvariant() : c.Field.ToString())
            .FirstOrDefault(g => g.Count() > 1);
        if (clashes is null)
        {
            return;
        }

        var first = clashes.First();
        var target = first.Field == FollowerField.Profile ? first.ProfileName : FollowerFieldNames.Display(first.Field);
        throw new FollowerImportException(
            $"columns {string.Join(" and ", clashes.Select(c => $"'{c.Header}'"))} all map to {target}; choose one with --map \"column=-\" to skip the other");
    }
}
