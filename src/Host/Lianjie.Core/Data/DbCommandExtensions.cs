using System.Data.Common;

namespace Lianjie.Core.Data;

public static class DbCommandExtensions
{
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// A filter on a bigint column for many ids: on PostgreSQL <c>"Column" = ANY(@name)</c> with one array
    /// parameter (a 5,000-literal IN list took 7 ms just to plan); elsewhere (SQLite) the ids inline in an
    /// IN list, which has no parameter limit and needs no quoting since they are numbers.
    /// </summary>
    public static string AddIdMatch(this DbCommand command, string column, IReadOnlyCollection<long> ids, string name = "ids")
    {
        if (command is Npgsql.NpgsqlCommand)
        {
            command.AddParameter(name, ids.ToArray());
            return $"{column} = ANY(@{name})";
        }

        return $"{column} IN ({string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
    }

    /// <summary>Adds one parameter per value (prefix0, prefix1, …) and returns their placeholders for an IN (…) list.</summary>
    public static string AddParameterList<T>(this DbCommand command, string prefix, IEnumerable<T> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = prefix + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.AddParameter(name, value);
            names.Add("@" + name);
        }

        return string.Join(", ", names);
    }
}
