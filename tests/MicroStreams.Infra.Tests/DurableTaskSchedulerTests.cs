namespace MicroStreams.Infra.Tests;

/// <summary>The optional Durable Task Scheduler backend is off by default and, when on, identity-based.</summary>
public sealed class DurableTaskSchedulerTests
{
    [Fact]
    public void Scheduler_IsOptionalAndOffByDefault()
    {
        var main = Infra.Main;

        Assert.Equal("false", main.Params.GetValueOrDefault("useDurableTaskScheduler"));
        Assert.Matches(@"module\s+durableTaskScheduler\s+'app/durabletask\.bicep'\s*=\s*if\s*\(useDurableTaskScheduler\)", main.Code);
        Assert.Equal("taskHubName", main.ModuleParams("durableTaskScheduler").GetValueOrDefault("taskHubName"));
    }

    [Fact]
    public void Scheduler_DeclaresSchedulerAndTaskHub_WithAnOpenAllowlist()
    {
        var scheduler = BicepFile.Load(Infra.DurableTaskPath);

        Assert.Contains(scheduler.Resources, r => r.Type == "Microsoft.DurableTask/schedulers" && !r.Existing);
        Assert.Contains(scheduler.Resources, r => r.Type == "Microsoft.DurableTask/schedulers/taskHubs" && !r.Existing);
        // An empty ipAllowlist denies every caller.
        Assert.Contains("'0.0.0.0/0'", scheduler.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_UsesTheManagedIdentity_AndOverridesTheHostJsonBackend()
    {
        var app = Infra.FunctionApp;
        var settings = app.AppSettings;

        Assert.Equal(
            "'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'",
            "'" + settings.GetValueOrDefault("DURABLE_TASK_SCHEDULER_CONNECTION_STRING") + "'");
        Assert.Equal("azureManaged", settings.GetValueOrDefault("AzureFunctionsJobHost__extensions__durableTask__storageProvider__type"));
        Assert.Equal(
            "DURABLE_TASK_SCHEDULER_CONNECTION_STRING",
            settings.GetValueOrDefault("AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName"));
        Assert.Matches(@"durableTaskSchedulerSettings\s*=\s*empty\(durableTaskSchedulerEndpoint\)\s*\?\s*\[\]", app.Code);
    }
}
