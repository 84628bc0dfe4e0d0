// Mirrors Microsoft.DurableTask.Abstractions 1.25.0: microsoft/durabletask-dotnet src/Abstractions/Entities/EntityInstanceId.cs,
// TaskEntity.cs, TaskEntityContext.cs, TaskEntityOperation.cs, TaskEntityState.cs.
// TaskEntity.RunAsync (the reflection dispatcher) is not reproduced: tests drive the host-agnostic entity core instead.
namespace Microsoft.DurableTask.Entities
{
    public readonly record struct EntityInstanceId
    {
        public EntityInstanceId(string name, string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(key);
            if (name.Contains('@', StringComparison.Ordinal))
            {
                throw new ArgumentException("entity names may not contain '@'", nameof(name));
            }

            Name = name.ToLowerInvariant();
            Key = key;
        }

        public string Name { get; }

        public string Key { get; }

        public static EntityInstanceId FromString(string instanceId)
        {
            ArgumentException.ThrowIfNullOrEmpty(instanceId);
            var at = instanceId.IndexOf('@', 1);
            if (instanceId[0] != '@' || at < 0)
            {
                throw new ArgumentException("entity instance ids look like @name@key", nameof(instanceId));
            }

            return new EntityInstanceId(instanceId[1..at], instanceId[(at + 1)..]);
        }

        public override string ToString() => $"@{Name}@{Key}";
    }

    public interface ITaskEntity
    {
        ValueTask<object?> RunAsync(TaskEntityOperation operation);
    }

    public abstract class TaskEntity<TState> : ITaskEntity
    {
        protected virtual bool AllowStateDispatch => false;

        protected TState State { get; set; }

        protected TaskEntityContext Context { get; private set; }

        public ValueTask<object?> RunAsync(TaskEntityOperation operation) => throw new NotSupportedException("AzureShims: dispatch needs the real Microsoft.DurableTask.Abstractions");

        protected virtual TState InitializeState(TaskEntityOperation entityOperation) => Activator.CreateInstance<TState>();
    }

    public abstract class TaskEntityContext
    {
        public abstract EntityInstanceId Id { get; }

        public abstract void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null);

        public abstract string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null);
    }

    public abstract class TaskEntityOperation
    {
        public abstract string Name { get; }

        public abstract TaskEntityContext Context { get; }

        public abstract TaskEntityState State { get; }

        public abstract bool HasInput { get; }

        public abstract object? GetInput(Type inputType);
    }

    public abstract class TaskEntityState
    {
        public abstract bool HasState { get; }

        public abstract object? GetState(Type type);

        public abstract void SetState(object? state);
    }
}
