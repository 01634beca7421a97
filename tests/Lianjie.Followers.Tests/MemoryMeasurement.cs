namespace Lianjie.Followers.Tests;

/// <summary>Tests that measure the process heap run alone, so other tests' allocations don't count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
