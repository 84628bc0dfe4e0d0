using MicroStreams.Functions.Projections;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MicroStreams.Functions.Bindings;

/// <summary>The projection-write activity (stamped rows into Table storage) and the orchestration a timer tick starts to call it.</summary>
public sealed class ProjectionWriteFunctions(IStampedProjectionWriter writer, TimeProvider time)
{
    [Function(nameof(WriteProjections))]
    public Task WriteProjections([ActivityTrigger] ProjectionWriteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return writer.WriteStampedAsync(request.Rows, request.Version, time.GetUtcNow(), cancellationToken);
    }

    [Function(nameof(WriteProjectionRows))]
    public static Task WriteProjectionRows([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ProjectionWriteOrchestration.RunAsync(context, nameof(WriteProjections));
}
