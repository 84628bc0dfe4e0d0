using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>The ARM JSON the Bicep compiler produced from infra/main.bicep: what a deployment would actually send.</summary>
public sealed partial class CompiledTemplateTests
{
    private static string TypeAndVersion(JsonObject resource) => $"{resource["type"]}@{resource["apiVersion"]}";

    [Fact]
    public void Main_DeploysExactlyTheseResourceTypesAtTheseApiVersions()
    {
        var deployed = ArmTemplate.Main.Resources.Select(TypeAndVersion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "Microsoft.Authorization/roleAssignments@2022-04-01",
            "Microsoft.DurableTask/schedulers/taskHubs@2025-11-01",
            "Microsoft.DurableTask/schedulers@2025-11-01",
            "Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01",
            "Microsoft.EventHub/namespaces/eventhubs@2024-01-01",
            "Microsoft.EventHub/namespaces@2024-01-01",
            "Microsoft.Insights/components@2020-02-02",
            "Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31",
            "Microsoft.OperationalInsights/workspaces@2022-10-01",
            "Microsoft.Resources/deployments@2025-04-01",
            "Microsoft.Resources/resourceGroups@2021-04-01",
            "Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01",
            "Microsoft.Storage/storageAccounts/blobServices@2023-05-01",
            "Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01",
            "Microsoft.Storage/storageAccounts/tableServices@2023-05-01",
            "Microsoft.Storage/storageAccounts@2023-05-01",
            "Microsoft.Web/serverfarms@2024-04-01",
            "Microsoft.Web/sites@2024-04-01",
        ], deployed);
    }

    [Fact]
    public void Main_AssignsOnlyKnownBuiltInRolesAndEveryDataRoleTheAppNeeds()
    {
        var assignments = ArmTemplate.Main.Resources.Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ToList();
        var roleIds = Guid().Matches(ArmTemplate.Main.Text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        Assert.Equal(8, assignments.Count);
        Assert.All(assignments, a => Assert.Contains("Microsoft.Authorization/roleDefinitions", (string)a["properties"]!["roleDefinitionId"]!, StringComparison.Ordinal));
        Assert.All(roleIds, id => Assert.True(BuiltInRoles.ByGuid.ContainsKey(id), $"{id} is not a known built-in role"));
        Assert.DoesNotContain(roleIds, BuiltInRoles.TooBroad.Contains);
        Assert.Superset(roleIds.ToHashSet(StringComparer.OrdinalIgnoreCase), new HashSet<string>(
        [
            BuiltInRoles.StorageBlobDataOwner, BuiltInRoles.StorageQueueDataContributor, BuiltInRoles.StorageTableDataContributor,
            BuiltInRoles.EventHubsDataReceiver, BuiltInRoles.EventHubsDataSender, BuiltInRoles.MonitoringMetricsPublisher,
            BuiltInRoles.DurableTaskDataContributor,
        ], StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void FunctionApp_SetsEveryAppSettingTheAppReadsAndNoConnectionSecret()
    {
        var site = ArmTemplate.Main.Resources.Single(r => (string?)r["type"] == "Microsoft.Web/sites");
        var appSettings = (string)site["properties"]!["siteConfig"]!["appSettings"]!;
        var names = SettingName().Matches(appSettings).Select(m => m.Groups[1].Value).ToList();

        Assert.All(SettingNamesFile.Load().Names.Values, setting => Assert.True(Infra.IsSet(setting, names), $"app setting {setting} is not deployed"));
        Assert.DoesNotContain("listKeys", appSettings, StringComparison.Ordinal);
        Assert.Equal("2024-04-01", (string?)site["apiVersion"]);
    }

    [Fact]
    public void Main_OutputsWhatAzdAndTheReadmeUse()
    {
        Assert.Superset(
            new HashSet<string>(["AZURE_FUNCTION_APP_NAME", "FUNCTION_APP_URL", "SERVICE_API_NAME", "SERVICE_API_URI", "AZURE_CLIENT_ID", "EVENT_HUB_NAMESPACE_FQDN", "EVENT_HUB_NAME", "STORAGE_ACCOUNT_NAME", "DURABLE_TASK_SCHEDULER_ENDPOINT"], StringComparer.Ordinal),
            ArmTemplate.Main.Outputs.ToHashSet(StringComparer.Ordinal));
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    [GeneratedRegex(@"createObject\('name', '([A-Za-z0-9_]+)'")]
    private static partial Regex SettingName();
}
