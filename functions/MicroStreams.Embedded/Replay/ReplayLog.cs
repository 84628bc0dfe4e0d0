using Microsoft.Extensions.Logging;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>Replay log messages, source-generated; event ids 1100-1119.</summary>
internal static partial class ReplayLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Processor {Processor} is not running: {Reason}")]
    public static partial void RebuildRequired(ILogger logger, string processor, string reason);
}
