namespace MicroStreams.Infra.Tests;

/// <summary>
/// Azure built-in role definitions that infra/ may assign, by name. Built-in role ids are the same in every
/// Azure cloud and tenant. Sources (checked 2026):
/// - docs/azure-notes.md, "Built-in roles" (taken from Azure-Samples/functions-quickstart-dotnet-azd-eventhub
///   infra/app/rbac.bicep, cross-checked with the Azure built-in roles docs);
/// - MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/{storage,integration,monitor}.md,
///   whose role JSON carries <c>"name": "&lt;guid&gt;"</c> for Storage Blob Data Owner, Event Hubs Data Receiver/Sender
///   and Monitoring Metrics Publisher;
/// - Storage Queue/Table Data Contributor: the role JSON quoted in Azure docs samples and the Azure SDK for Go's
///   built-in role constants (<c>StorageTableDataContributorRoleID</c>);
/// - Durable Task Data Contributor: the role definition JSON as returned by Azure (roleName "Durable Task Data
///   Contributor", dataActions Microsoft.DurableTask/*, created 2024-08-19) and Azure-Samples' Durable Task
///   Scheduler quickstarts. (An older copy of a Copilot skill doc gave 5f6a3c3e-…; it is not a real role id.)
/// </summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string EventHubsDataReceiver = "a638d3c7-ab3a-418d-83e6-5f17a39d4fde";
    public const string EventHubsDataSender = "2b629674-e913-4c01-ae53-ef4638d8f975";
    public const string EventHubsDataOwner = "f526a384-b230-433a-b45c-95f59c4a2dec";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string DurableTaskDataContributor = "0ad04412-c4d5-4796-b79c-f76d14c8d402";

    public static IReadOnlyDictionary<string, string> ByGuid { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageBlobDataContributor] = "Storage Blob Data Contributor",
        [StorageQueueDataContributor] = "Storage Queue Data Contributor",
        [StorageTableDataContributor] = "Storage Table Data Contributor",
        [EventHubsDataReceiver] = "Azure Event Hubs Data Receiver",
        [EventHubsDataSender] = "Azure Event Hubs Data Sender",
        [EventHubsDataOwner] = "Azure Event Hubs Data Owner",
        [MonitoringMetricsPublisher] = "Monitoring Metrics Publisher",
        [DurableTaskDataContributor] = "Durable Task Data Contributor",
    };

    /// <summary>Real roles that are broader than the app needs; least privilege rules them out.</summary>
    public static IReadOnlySet<string> TooBroad { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        EventHubsDataOwner,
    };
}
