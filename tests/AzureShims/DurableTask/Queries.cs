// Mirrors Microsoft.DurableTask.Client 1.25.0: microsoft/durabletask-dotnet src/Client/Core/OrchestrationQuery.cs
// (declared in namespace Microsoft.DurableTask there), TerminateInstanceOptions.cs and Entities/EntityQuery.cs.
using Microsoft.DurableTask.Client;

namespace Microsoft.DurableTask
{
    public record OrchestrationQuery(
        DateTimeOffset? CreatedFrom = null,
        DateTimeOffset? CreatedTo = null,
        IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
        IEnumerable<string>? TaskHubNames = null,
        string? InstanceIdPrefix = null,
        int PageSize = OrchestrationQuery.DefaultPageSize,
        bool FetchInputsAndOutputs = false,
        string? ContinuationToken = null)
    {
        public const int DefaultPageSize = 100;
    }
}

namespace Microsoft.DurableTask.Client
{
    public record TerminateInstanceOptions
    {
        public TerminateInstanceOptions(object? output = null, bool recursive = true)
        {
            Output = output;
            Recursive = recursive;
        }

        public object? Output { get; init; }

        public bool Recursive { get; init; }
    }
}

namespace Microsoft.DurableTask.Client.Entities
{
    public record EntityQuery
    {
        public const int DefaultPageSize = 100;

        private readonly string? _instanceIdStartsWith;

        /// <summary>Entity ids look like <c>@name@key</c>; a leading '@' is added when missing, as in the real type.</summary>
        public string? InstanceIdStartsWith
        {
            get => _instanceIdStartsWith;
            init => _instanceIdStartsWith = value?.Length > 0 && value[0] != '@' ? $"@{value}" : value;
        }

        public DateTimeOffset? LastModifiedFrom { get; init; }

        public DateTimeOffset? LastModifiedTo { get; init; }

        public bool IncludeState { get; init; } = true;

        public int PageSize { get; init; } = DefaultPageSize;

        public string? ContinuationToken { get; init; }
    }
}
