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
