using System.Collections.Concurrent;

namespace Lianjie.WeChat.Simulator.Platform;

/// <summary>
/// Injected failures for tests and demos: after N more successful calls to an API, the platform
/// answers it with an error code (e.g. -1 "system error") until cleared, as an outage would.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly ConcurrentDictionary<(string AppId, string Api), Fault> _faults = new();

    public void FailAfter(string appId, string api, int successfulCalls, int errorCode) =>
        _faults[(appId, api)] = new Fault(successfulCalls, errorCode);

    public void Clear(string appId, string api) => _faults.TryRemove((appId, api), out _);

    /// <summary>The error to answer this call with, if a fault is armed and its allowance is used up.</summary>
    public int? Next(string appId, string api)
    {
        if (!_faults.TryGetValue((appId, api), out var fault))
        {
            return null;
        }

        lock (fault)
        {
            if (fault.Remaining > 0)
            {
                fault.Remaining--;
                return null;
            }

            return fault.ErrorCode;
        }
    }

    private sealed class Fault(int remaining, int errorCode)
    {
        public int Remaining { get; set; } = remaining;

        public int ErrorCode { get; } = errorCode;
    }
}
