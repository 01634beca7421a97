namespace Lianjie.Core.Cli;

/// <summary>Positional words and --options (with or without a value) of one command line.</summary>
public sealed class CliArguments
{
    private static readonly HashSet<string> Flags = ["json", "help", "create-tags", "reject-unknown-tags"];
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.OrdinalIgnoreCase);

    public CliArguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                string value;
                var eq = name.IndexOf('=');
                if (eq > 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                else if (Flags.Contains(name) || i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = "true";
                }
                else
                {
                    value = list[++i];
                }

                if (!_options.TryGetValue(name, out var values))
                {
                    _options[name] = values = [];
                }

                values.Add(value);
            }
            else
            {
                Positional.Add(arg);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Json => Has("json");

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public string Required(string name) => Option(name) ?? throw new CliUsageException($"--{name} is required.");

    public string At(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new CliUsageException($"Missing {what}.");
}

public sealed class CliUsageException(string message) : Exception(message);
