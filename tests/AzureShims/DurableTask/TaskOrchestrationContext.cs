// Mirrors Microsoft.DurableTask.Abstractions 1.25.0: microsoft/durabletask-dotnet src/Abstractions/TaskOrchestrationContext.cs and
// Entities/TaskOrchestrationEntityFeature.cs (docs/azure-notes.md, "Testing entities"). Abstract, as in the real package, so tests mock them with Moq.
// CreateTimer (virtual TimeSpan overload over the abstract DateTime one) and ContinueAsNew(object? newInput = null,
// bool preserveUnprocessedEvents = true) copied from src/Abstractions/TaskOrchestrationContext.cs.
using Microsoft.DurableTask.Entities;

namespace Microsoft.DurableTask
{
    public abstract class TaskOrchestrationContext
    {
        public abstract TaskName Name { get; }

        public abstract string InstanceId { get; }

        public abstract DateTime CurrentUtcDateTime { get; }

        public abstract bool IsReplaying { get; }

        public virtual TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

        public abstract T? GetInput<T>();

        public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) => CallActivityAsync<object>(name, input, options);

        public abstract Task<T> CallActivityAsync<T>(TaskName name, object? input = null, TaskOptions? options = null);

        public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        {
            DateTime fireAt = CurrentUtcDateTime.Add(delay);
            return CreateTimer(fireAt, cancellationToken);
        }

        public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

        public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

        public abstract void SetCustomStatus(object? customStatus);
    }
}

namespace Microsoft.DurableTask.Entities
{
    public abstract class TaskOrchestrationEntityFeature
    {
        public abstract Task<TResult> CallEntityAsync<TResult>(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null);

        public abstract Task CallEntityAsync(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null);

        public abstract Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null);
    }

    public record CallEntityOptions
    {
    }

    public record SignalEntityOptions
    {
        public DateTimeOffset? SignalTime { get; init; }

        public static implicit operator SignalEntityOptions?(bool? value) => value == true ? new SignalEntityOptions() : null;

        public static implicit operator SignalEntityOptions(DateTimeOffset value) => new() { SignalTime = value };
    }
}
