using Microsoft.Extensions.Logging;

namespace MicroStreams.Tests.TestSupport;

/// <summary>Records what is logged, so a test can assert that a failure was reported.</summary>
public sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, EventId Id, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId, exception));
}
