using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.EventHubs.Producer;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace MicroStreams.Functions.Configuration;

/// <summary>
/// Builds the SDK clients from the same settings the Functions host's bindings read: a connection string under the
/// plain name locally (Azurite, the Event Hubs emulator), or the identity-based <c>__fullyQualifiedNamespace</c> /
/// <c>__blobServiceUri</c> form with a managed identity (<c>__clientId</c>) in Azure.
/// </summary>
public static class AzureClients
{
    public static BlobServiceClient CreateBlobService(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[SettingNames.Storage] is { Length: > 0 } connectionString)
        {
            return new BlobServiceClient(connectionString);
        }

        var section = configuration.GetSection(SettingNames.Storage);
        return new BlobServiceClient(StorageEndpoint(section, "blob"), Credential(section));
    }

    /// <summary>Table storage on the same account (projections, tenant directory): <c>__tableServiceUri</c> or <c>__accountName</c> with an identity.</summary>
    public static TableServiceClient CreateTableService(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[SettingNames.Storage] is { Length: > 0 } connectionString)
        {
            return new TableServiceClient(connectionString);
        }

        var section = configuration.GetSection(SettingNames.Storage);
        return new TableServiceClient(StorageEndpoint(section, "table"), Credential(section));
    }

    /// <summary>The account's <paramref name="service"/> endpoint (blob, table): <c>__{service}ServiceUri</c>, else built from <c>__accountName</c>.</summary>
    private static Uri StorageEndpoint(IConfigurationSection section, string service) =>
        section[$"{service}ServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri)
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.{service}.core.windows.net")
                : throw new InvalidOperationException($"set {SettingNames.Storage} or {SettingNames.Storage}__{service}ServiceUri");

    public static EventHubProducerClient CreateProducer(IConfiguration configuration, string eventHubName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[SettingNames.EventHubConnection] is { Length: > 0 } connectionString)
        {
            return new EventHubProducerClient(connectionString, eventHubName);
        }

        var section = configuration.GetSection(SettingNames.EventHubConnection);
        var fullyQualifiedNamespace = section["fullyQualifiedNamespace"] is { Length: > 0 } ns
            ? ns
            : throw new InvalidOperationException($"set {SettingNames.EventHubConnection} or {SettingNames.EventHubConnection}__fullyQualifiedNamespace");
        return new EventHubProducerClient(fullyQualifiedNamespace, eventHubName, Credential(section));
    }

    private static TokenCredential Credential(IConfigurationSection section) =>
        section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
}
