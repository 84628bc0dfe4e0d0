using MicroStreams.Embedded.Inspection;
using MicroStreams.Embedded.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Http.Inspection;

/// <summary>Keeps the worker timelines' index (<see cref="RecentEventIndex"/>) following the log, a batch at a time, in the background.</summary>
internal sealed partial class RecentEventIndexer(RecentEventIndex index, ILogger<RecentEventIndexer> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (index.CatchUp() > 0)
                {
                    continue;
                }

                // Operational pacing, not domain time: real time even when serve runs on a simulated clock.
                await Task.Delay(Idle, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A full disk ends up here too; the timelines read the log itself meanwhile.
                Failed(logger, ex, StorageFault.IsOutOfSpace(ex), AfterFailure);
                await Task.Delay(AfterFailure, TimeProvider.System, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Indexing worker timelines failed (out of space: {OutOfSpace}); retrying in {RetryIn}")]
    private static partial void Failed(ILogger logger, Exception exception, bool outOfSpace, TimeSpan retryIn);
}
