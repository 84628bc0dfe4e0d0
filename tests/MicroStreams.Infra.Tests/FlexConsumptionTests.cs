namespace MicroStreams.Infra.Tests;

/// <summary>The app is on Flex Consumption with its runtime, deployment and scale in functionAppConfig.</summary>
public sealed class FlexConsumptionTests
{
    [Fact]
    public void Plan_IsFlexConsumptionFc1OnLinux()
    {
        var app = Infra.FunctionApp;

        Assert.Contains(app.Resources, r => r.Type == "Microsoft.Web/serverfarms");
        Assert.True(app.HasProperty("tier", "'FlexConsumption'"), "The plan tier must be FlexConsumption.");
        Assert.True(app.HasProperty("name", "'FC1'"), "The plan SKU must be FC1.");
        Assert.True(app.HasProperty("reserved", "true"), "Flex Consumption is Linux: reserved: true.");
        Assert.True(app.HasProperty("kind", "'functionapp,linux'"), "The site kind must be functionapp,linux.");
    }

    [Fact]
    public void FunctionAppConfig_HasRuntimeDeploymentByIdentityAndScaleParams()
    {
        var app = Infra.FunctionApp;
        var main = Infra.Main;

        Assert.True(app.HasProperty("name", "'dotnet-isolated'"), "Runtime must be dotnet-isolated.");
        Assert.True(app.HasProperty("type", "'blobContainer'"), "Deployment storage must be a blob container.");
        Assert.True(app.HasProperty("type", "'UserAssignedIdentity'"), "Deployment storage must authenticate with the user-assigned identity.");
        Assert.True(app.HasProperty("userAssignedIdentityResourceId", "identityId"), "Deployment storage must name the identity.");
        foreach (var scale in new[] { "maximumInstanceCount", "instanceMemoryMB", "alwaysReady" })
        {
            Assert.True(app.HasProperty(scale, scale), $"scaleAndConcurrency.{scale} must come from the parameter.");
            Assert.True(main.Params.ContainsKey(scale), $"main.bicep must expose '{scale}' as a parameter.");
            Assert.Equal(scale, main.ModuleParams("functionApp").GetValueOrDefault(scale));
        }

        Assert.Equal("[]", main.Params.GetValueOrDefault("alwaysReady"));
    }

    [Fact]
    public void AppSettings_LeaveRuntimeSettingsToFunctionAppConfig()
    {
        var settings = Infra.AppSettings;

        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"), "Flex takes the runtime from functionAppConfig.runtime, not an app setting.");
        Assert.False(settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"), "Flex does not use FUNCTIONS_EXTENSION_VERSION.");
    }

    [Fact]
    public void EventHubs_SkuCapacityPartitionsAndRetention_AreParameters()
    {
        var main = Infra.Main.Params;

        Assert.Equal("'Standard'", "'" + main.GetValueOrDefault("eventHubsSkuName") + "'");
        Assert.Equal("1", main.GetValueOrDefault("eventHubsCapacity"));
        Assert.Equal("8", main.GetValueOrDefault("partitionCount"));
        Assert.True(main.ContainsKey("messageRetentionInDays"), "main.bicep must expose messageRetentionInDays.");
        Assert.True(BicepFile.Load(Infra.EventHubsPath).HasProperty("partitionCount", "partitionCount"), "The hub's partitionCount must come from the parameter.");
    }
}
