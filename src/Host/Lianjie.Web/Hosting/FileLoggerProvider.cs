using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Lianjie.Web.Hosting;

/// <summary>Daily log files in the data directory, written by one background thread.</summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly BlockingCollection<string> _lines = new(boundedCapacity: 10_000);
    private readonly Thread _writer;
    private readonly string _directory;

    public FileLoggerProvider(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _writer = new Thread(Write) { IsBackground = true, Name = "lianjie-file-log" };
        _writer.Start();
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(categoryName, this);

    public void Dispose()
    {
        _lines.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(2));
        _lines.Dispose();
    }

    private void Enqueue(string line)
    {
        if (!_lines.IsAddingCompleted)
        {
            // Never block a request on logging: drop when the queue is full.
            _lines.TryAdd(line);
        }
    }

    private void Write()
    {
        foreach (var line in _lines.GetConsumingEnumerable())
        {
            try
            {
                var file = Path.Combine(_directory, $"lianjie-{DateTime.UtcNow:yyyyMMdd}.log");
                File.AppendAllText(file, line, Encoding.UTF8);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class FileLogger(string category, FileLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || (logLevel < LogLevel.Warning && category.StartsWith("Microsoft.", StringComparison.Ordinal)))
            {
                return;
            }

            var text = $"{DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)} [{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}{Environment.NewLine}";
            provider.Enqueue(text);
        }
    }
}
