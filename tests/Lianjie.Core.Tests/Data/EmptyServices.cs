namespace Lianjie.Core.Tests.Data;

/// <summary>Sessions in these tests use plain commands only, never an EF context that would need services.</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
