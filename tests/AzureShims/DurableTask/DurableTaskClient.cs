// Mirrors Microsoft.DurableTask.Client 1.25.0: microsoft/durabletask-dotnet src/Client/Core/DurableTaskClient.cs,
// OrchestrationMetadata.cs, OrchestrationRuntimeStatus.cs, Entities/DurableEntityClient.cs, Entities/EntityMetadata.cs
// (docs/azure-notes.md, "Testing entities"); GetAllInstancesAsync, TerminateInstanceAsync and GetAllEntitiesAsync<T> from the same files. Abstract with protected constructors, as in the real package, so tests mock them with Moq.
using Microsoft.DurableTask.Entities;

namespace Microsoft.DurableTask.Client
{
    public abstract class DurableTaskClient : IAsyncDisposable
    {
        protected DurableTaskClient(string name) => Name = name;

        public string Name { get; }

        public virtual Entities.DurableEntityClient Entities => throw new NotSupportedException($"{GetType()} does not support entities");

        public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

        public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

        public virtual Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
            throw new NotSupportedException($"{GetType()} does not support orchestration termination.");

        public abstract AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null);

        public abstract ValueTask DisposeAsync();
    }

    public sealed class OrchestrationMetadata
    {
        public OrchestrationMetadata(string name, string instanceId)
        {
            Name = name;
            InstanceId = instanceId;
        }

        public string Name { get; }

        public string InstanceId { get; }

        public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset LastUpdatedAt { get; init; }

        public string? SerializedInput { get; init; }

        public string? SerializedOutput { get; init; }

        public string? SerializedCustomStatus { get; init; }

        public TaskFailureDetails? FailureDetails { get; init; }

        public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

        public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
    }

    public enum OrchestrationRuntimeStatus
    {
        Running,
        Completed,
        [Obsolete("The ContinuedAsNew status is obsolete and exists only for compatibility reasons.")]
        ContinuedAsNew,
        Failed,
        [Obsolete("The Canceled status is not currently supported.")]
        Canceled,
        Terminated,
        Pending,
        Suspended,
    }
}

namespace Microsoft.DurableTask.Client.Entities
{
    public abstract class DurableEntityClient
    {
        protected DurableEntityClient(string name) => Name = name;

        public string Name { get; }

        public abstract Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default);

        public abstract AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null);
    }

    public class EntityMetadata<TState>(EntityInstanceId id)
    {
        private readonly TState? _state;

        public EntityMetadata(EntityInstanceId id, TState? state)
            : this(id)
        {
            IncludesState = state is not null;
            _state = state;
        }

        public EntityInstanceId Id { get; } = id;

        public DateTimeOffset LastModifiedTime { get; init; }

        public int BacklogQueueSize { get; init; }

        public string? LockedBy { get; init; }

        public bool IncludesState { get; }

        public TState State => IncludesState ? _state! : throw new InvalidOperationException("Cannot retrieve state when IncludesState=false");
    }
}
