using Microsoft.Extensions.Logging;

namespace MicroStreams.Embedded.Hosting;

/// <summary>The embedded runtime's log messages, source-generated; event ids 1000-1099.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Opened {DataPath}: {Partitions} partitions, {Workers} workers recovered, {Backlog} events to catch up")]
    public static partial void Opened(ILogger logger, string dataPath, int partitions, long workers, long backlog);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Partition {Partition} failed a step and will retry in {RetryIn}; nothing was committed")]
    public static partial void StepFailed(ILogger logger, Exception exception, int partition, TimeSpan retryIn);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Effect delivery failed and will retry in {RetryIn}")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, TimeSpan retryIn);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Stopped: every partition committed")]
    public static partial void Stopped(ILogger logger);
}
