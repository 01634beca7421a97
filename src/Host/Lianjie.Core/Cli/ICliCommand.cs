namespace Lianjie.Core.Cli;

/// <summary>A CLI verb that modules contribute (e.g. `followers import`); resolved from the live shell.</summary>
public interface ICliCommand
{
    string Verb { get; }

    string Usage { get; }

    Task<int> RunAsync(CliArguments args, CliOutput output, IServiceProvider services, CancellationToken cancellationToken);
}
