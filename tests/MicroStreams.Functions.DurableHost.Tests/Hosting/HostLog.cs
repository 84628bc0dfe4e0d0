using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>The host's warnings and errors, kept so a failing test can say what the extension reported.</summary>
internal sealed class HostLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public override string ToString() => string.Join(Environment.NewLine, _lines.TakeLast(40));

    public void Dispose()
    {
    }

    private sealed class Logger(HostLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetBaseException().GetType().Name} {exception?.GetBaseException().Message}");
            }
        }
    }
}
