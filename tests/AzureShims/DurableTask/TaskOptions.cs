// Mirrors Microsoft.DurableTask.Abstractions 1.25.0: microsoft/durabletask-dotnet src/Abstractions/TaskOptions.cs,
// TaskRetryOptions.cs and RetryPolicy.cs.
namespace Microsoft.DurableTask
{
    public record TaskOptions
    {
        public TaskOptions(TaskRetryOptions? retry = null, IDictionary<string, string>? tags = null)
        {
            Retry = retry;
            Tags = tags;
        }

        public TaskRetryOptions? Retry { get; init; }

        public IDictionary<string, string>? Tags { get; init; }

        public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));
    }

    public record StartOrchestrationOptions
    {
        public StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
        {
            this.InstanceId = InstanceId;
            this.StartAt = StartAt;
        }

        public string? InstanceId { get; init; }

        public DateTimeOffset? StartAt { get; init; }

        public IReadOnlyList<string>? DedupeStatuses { get; init; }
    }

    public sealed class TaskRetryOptions
    {
        public TaskRetryOptions(RetryPolicy policy) => Policy = policy;

        public RetryPolicy? Policy { get; }

        public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);
    }

    public class RetryPolicy
    {
        public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNumberOfAttempts);
            if (firstRetryInterval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(firstRetryInterval));
            }

            if (backoffCoefficient < 1.0)
            {
                throw new ArgumentOutOfRangeException(nameof(backoffCoefficient));
            }

            if (maxRetryInterval < firstRetryInterval && maxRetryInterval != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(maxRetryInterval));
            }

            if (retryTimeout < firstRetryInterval && retryTimeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(retryTimeout));
            }

            MaxNumberOfAttempts = maxNumberOfAttempts;
            FirstRetryInterval = firstRetryInterval;
            BackoffCoefficient = backoffCoefficient;
            MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
            RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
        }

        public int MaxNumberOfAttempts { get; }

        public TimeSpan FirstRetryInterval { get; }

        public double BackoffCoefficient { get; }

        public TimeSpan MaxRetryInterval { get; }

        public TimeSpan RetryTimeout { get; }
    }
}
