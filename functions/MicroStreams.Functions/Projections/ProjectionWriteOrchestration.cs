using MicroStreams.Functions.DeadLetters;
using Microsoft.DurableTask;

namespace MicroStreams.Functions.Projections;

/// <summary>
/// Writes the projection rows of a worker step that has no orchestration waiting on it (a timer tick): the entity starts
/// it under an id derived from the step's stamp, so a re-run step does not write twice, and a late write loses to any
/// newer row (<see cref="IStampedProjectionWriter"/>).
/// </summary>
public static class ProjectionWriteOrchestration
{
    public static async Task RunAsync(TaskOrchestrationContext context, string writeActivity)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<ProjectionWriteRequest>() ?? throw new InvalidOperationException("WriteProjectionRows needs a ProjectionWriteRequest");
        await WriteAsync(context, writeActivity, request.Rows, request.Version);
    }

    /// <summary>Calls the write activity for <paramref name="rows"/> (nothing when empty), with the storage retry of dead letters.</summary>
    public static async Task WriteAsync(TaskOrchestrationContext context, string writeActivity, IReadOnlyList<StampedChange> rows, long? version = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (rows.Count > 0)
        {
            await context.CallActivityAsync(writeActivity, new ProjectionWriteRequest(rows, version), TaskOptions.FromRetryPolicy(DeadLetterRetry.Policy));
        }
    }
}
