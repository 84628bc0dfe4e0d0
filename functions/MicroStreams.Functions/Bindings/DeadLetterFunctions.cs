using MicroStreams.Functions.DeadLetters;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MicroStreams.Functions.Bindings;

/// <summary>Dead-letter activities, the orchestration entities use to record a dead letter, and Redrive.</summary>
public sealed class DeadLetterFunctions(IDeadLetterStore store)
{
    [Function(nameof(WriteDeadLetters))]
    public Task WriteDeadLetters([ActivityTrigger] List<DeadLetterDocument> letters, CancellationToken cancellationToken) =>
        store.WriteAsync(letters, cancellationToken);

    [Function(nameof(LoadDeadLetters))]
    public async Task<List<DeadLetterDocument>> LoadDeadLetters([ActivityTrigger] List<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var letters = new List<DeadLetterDocument>(ids.Count);
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, cancellationToken) is { } letter)
            {
                letters.Add(letter);
            }
        }

        return letters;
    }

    /// <summary>Started by an entity (which cannot call activities) with the dead letter's id as instance id.</summary>
    [Function(nameof(RecordDeadLetters))]
    public static async Task RecordDeadLetters([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var letters = context.GetInput<List<DeadLetterDocument>>() ?? [];
        await context.CallActivityAsync(nameof(WriteDeadLetters), letters, TaskOptions.FromRetryPolicy(DeadLetterRetry.Policy));
    }

    [Function(Http.BlobDeadLetterDesk.RedriveOrchestrationName)]
    public static Task<RedriveResult> Redrive([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RedriveOrchestration.RunAsync(context, nameof(LoadDeadLetters), nameof(WriteDeadLetters), nameof(ProjectionWriteFunctions.WriteProjections));
}
