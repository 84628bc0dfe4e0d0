namespace MicroStreams.Infra.Tests;

/// <summary>Local (key) authentication is off on every data service, and transport is TLS 1.2+.</summary>
public sealed class HardeningTests
{
    [Fact]
    public void Storage_DisablesSharedKeysAndPublicBlobs_RequiresTls12()
    {
        var storage = BicepFile.Load(Infra.StoragePath);

        Assert.True(storage.HasProperty("allowSharedKeyAccess", "false"), "storage.bicep must set allowSharedKeyAccess: false.");
        Assert.True(storage.HasProperty("allowBlobPublicAccess", "false"), "storage.bicep must set allowBlobPublicAccess: false.");
        Assert.True(storage.HasProperty("minimumTlsVersion", "'TLS1_2'"), "storage.bicep must set minimumTlsVersion: 'TLS1_2'.");
        Assert.True(storage.HasProperty("publicAccess", "'None'"), "Containers must not be public.");
        Assert.DoesNotContain(Infra.AllBicep, f => f.HasProperty("allowSharedKeyAccess", "true"));
    }

    [Fact]
    public void EventHubs_DisablesSasAuth_RequiresTls12()
    {
        var eventHubs = BicepFile.Load(Infra.EventHubsPath);

        Assert.True(eventHubs.HasProperty("disableLocalAuth", "true"), "eventhubs.bicep must set disableLocalAuth: true.");
        Assert.True(eventHubs.HasProperty("minimumTlsVersion", "'1.2'"), "eventhubs.bicep must set minimumTlsVersion: '1.2'.");
        Assert.DoesNotContain(eventHubs.Resources, r => r.Type.EndsWith("/authorizationRules", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplicationInsights_DisablesLocalAuth()
    {
        var monitoring = BicepFile.Load(Infra.MonitoringPath);

        Assert.True(monitoring.HasProperty("DisableLocalAuth", "true"), "monitoring.bicep must set DisableLocalAuth: true.");
        Assert.True(monitoring.HasProperty("WorkspaceResourceId", "logAnalytics.id"), "Application Insights must be workspace-based.");
    }

    [Fact]
    public void FunctionApp_RunsAsTheUserAssignedIdentity_OverHttpsOnly()
    {
        var app = Infra.FunctionApp;

        Assert.True(app.HasProperty("type", "'UserAssigned'"), "The site identity must be UserAssigned.");
        Assert.True(app.HasProperty("httpsOnly", "true"), "The site must set httpsOnly: true.");
        Assert.True(app.HasProperty("minTlsVersion", "'1.2'"), "The site must set minTlsVersion: '1.2'.");
    }
}
