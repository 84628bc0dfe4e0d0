// Mirrors Microsoft.DurableTask.Abstractions 1.25.0: microsoft/durabletask-dotnet src/Abstractions/TaskFailureDetails.cs,
// TaskFailedException.cs and Entities/EntityOperationFailedException.cs.
namespace Microsoft.DurableTask
{
    public record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
    {
        public override string ToString() => $"{ErrorType}: {ErrorMessage}";
    }

    public sealed class TaskFailedException : Exception
    {
        public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
            : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
        {
            TaskName = taskName;
            TaskId = taskId;
            FailureDetails = failureDetails;
        }

        public string TaskName { get; }

        public int TaskId { get; }

        public TaskFailureDetails FailureDetails { get; }
    }
}

namespace Microsoft.DurableTask.Entities
{
    public sealed class EntityOperationFailedException(EntityInstanceId entityId, string operationName, TaskFailureDetails failureDetails)
        : Exception($"Operation '{operationName}' of entity '{entityId}' failed: {failureDetails.ErrorMessage}")
    {
        public EntityInstanceId EntityId { get; } = entityId;

        public string OperationName { get; } = operationName;

        public TaskFailureDetails FailureDetails { get; } = failureDetails;
    }
}
