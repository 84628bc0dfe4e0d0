namespace MicroStreams.Functions.Configuration;

/// <summary>
/// Every app setting the Functions app reads, named once. <c>host.json</c>, <c>local.settings.sample.json</c> and
/// <c>infra/</c> use exactly these names; a test checks that they agree.
/// </summary>
public static class SettingNames
{
    /// <summary>Connection prefix for Event Hubs: <c>EventHubConnection__fullyQualifiedNamespace</c> with managed identity,
    /// or a connection string under <c>EventHubConnection</c> locally (the emulator).</summary>
    public const string EventHubConnection = "EventHubConnection";

    /// <summary>The event hub that holds the log. Default <see cref="Defaults.EventHubName"/>.</summary>
    public const string EventHubName = "EventHubName";

    /// <summary>Consumer group of the Route trigger.</summary>
    public const string RouterConsumerGroup = "RouterConsumerGroup";

    /// <summary>Consumer group of the Archive trigger.</summary>
    public const string ArchiveConsumerGroup = "ArchiveConsumerGroup";

    /// <summary>Connection prefix for Storage (host storage, Durable Task hub, dead letters, archive):
    /// <c>AzureWebJobsStorage__blobServiceUri</c> and friends with managed identity, <c>UseDevelopmentStorage=true</c> locally.</summary>
    public const string Storage = "AzureWebJobsStorage";

    public const string DeadLetterContainer = "DeadLetterContainer";

    public const string ArchiveContainer = "ArchiveContainer";

    /// <summary>URL of the gateway the repository app's <c>email</c> channel posts to (<c>GatewayEffectSender</c>, registered by
    /// <c>MicroStreams.FunctionsApp</c>): each effect is POSTed there as JSON with its id as the <c>Idempotency-Key</c> header.
    /// Optional; without it no <c>email</c> sender is registered and such effects dead-letter naming the channel.</summary>
    public const string EffectGatewayUrl = "EffectGatewayUrl";

    /// <summary>Durable Task hub name, referenced from host.json as <c>%TaskHubName%</c>.</summary>
    public const string TaskHubName = "TaskHubName";

    /// <summary>The Table storage table holding the push example's tenants (read by the repository app, admin routes <c>/api/tenants</c>).</summary>
    public const string TenantTable = "TenantTable";

    /// <summary>Default values, used when a setting is absent and mirrored by infra parameters.</summary>
    public static class Defaults
    {
        public const string EventHubName = "events";
        public const string RouterConsumerGroup = "router";
        public const string ArchiveConsumerGroup = "archive";
        public const string DeadLetterContainer = "deadletter";
        public const string ArchiveContainer = "archive";
        public const string TaskHubName = "microstreams";
        public const string TenantTable = "tenants";
    }
}
