using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>Names agree across SettingNames.cs, main.bicep, the modules and azure.yaml.</summary>
public sealed partial class NamesAgreeTests
{
    [Fact]
    public void MainParams_DefaultToSettingNamesDefaults_AndFlowIntoTheAppSettings()
    {
        var settingNames = SettingNamesFile.Load();
        var main = Infra.Main;
        var appSettings = Infra.AppSettings;
        var functionAppParams = main.ModuleParams("functionApp");

        foreach (var (member, defaultValue) in settingNames.Defaults)
        {
            var param = char.ToLowerInvariant(member[0]) + member[1..];
            var settingName = settingNames.Names[member];

            Assert.True(main.Params.TryGetValue(param, out var mainDefault), $"main.bicep has no param '{param}' for SettingNames.Defaults.{member}.");
            Assert.Equal(defaultValue, mainDefault);
            Assert.Equal(param, functionAppParams.GetValueOrDefault(param));
            Assert.Equal(param, appSettings.GetValueOrDefault(settingName));
        }
    }

    [Fact]
    public void ConsumerGroups_ForRouterAndArchive_AreCreatedOnTheHub()
    {
        var main = Infra.Main;
        var eventHubs = BicepFile.Load(Infra.EventHubsPath);

        var groups = main.ModuleArrayParam("eventHubs", "consumerGroupNames");

        Assert.Equal(new[] { "archiveConsumerGroup", "routerConsumerGroup" }, groups.Order(StringComparer.Ordinal));
        Assert.Contains(eventHubs.Resources, r => r.Type == "Microsoft.EventHub/namespaces/eventhubs/consumergroups" && !r.Existing);
        Assert.Matches(@"for\s+\w+\s+in\s+consumerGroupNames", eventHubs.Code);
        Assert.Equal("eventHubName", main.ModuleParams("eventHubs").GetValueOrDefault("eventHubName"));
    }

    [Fact]
    public void Containers_ForDeadLettersArchiveAndDeploymentPackage_AreCreated()
    {
        var main = Infra.Main;
        var storage = BicepFile.Load(Infra.StoragePath);

        var containers = main.ModuleArrayParam("storage", "containerNames");

        Assert.Contains("deadLetterContainer", containers);
        Assert.Contains("archiveContainer", containers);
        var deploymentContainer = main.ModuleParams("functionApp").GetValueOrDefault("deploymentContainerName");
        Assert.NotNull(deploymentContainer);
        Assert.Contains(deploymentContainer, containers);
        Assert.Contains(storage.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/blobServices/containers" && !r.Existing);
        Assert.Matches(@"for\s+\w+\s+in\s+containerNames", storage.Code);
    }

    [Fact]
    public void Tables_ForTheTenantDirectory_AreCreated()
    {
        var main = Infra.Main;
        var storage = BicepFile.Load(Infra.StoragePath);

        var tables = main.ModuleArrayParam("storage", "tableNames");

        Assert.Equal(["tenantTable"], tables);
        Assert.Contains(storage.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/tableServices/tables" && !r.Existing);
        Assert.Matches(@"for\s+\w+\s+in\s+tableNames", storage.Code);
    }

    [Fact]
    public void AzureYaml_ApiServiceProject_ExistsAndMatchesTheSiteTag()
    {
        var yaml = RepoFiles.Read(Infra.AzureYamlPath);
        var service = ServiceBlock().Match(yaml);
        Assert.True(service.Success, "azure.yaml has no service with a project path.");
        var name = service.Groups["name"].Value;
        var project = service.Groups["project"].Value.Trim();
        var projectFolder = RepoFiles.PathOf(project);

        Assert.Equal(Infra.FunctionsAppFolder, project.TrimStart('.', '/'));
        Assert.True(Directory.Exists(projectFolder), $"azure.yaml service '{name}' points at {project}, which does not exist.");
        Assert.True(Directory.EnumerateFiles(projectFolder, "*.csproj").Any(), $"azure.yaml service '{name}' points at {project}, which has no .csproj for azd to build.");
        Assert.All(Directory.EnumerateFiles(projectFolder, "*.csproj").Select(File.ReadAllText), csproj =>
            Assert.Matches(@"<OutputType>Exe</OutputType>[\s\S]*<AzureFunctionsVersion>v4</AzureFunctionsVersion>", csproj));
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", service.Value);
        Assert.Contains($"'azd-service-name': '{name}'", Infra.FunctionApp.Code, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+path:\s*infra\s*$", yaml);
    }

    [Fact]
    public void FlexRuntimeVersion_MatchesTheTargetFramework()
    {
        var props = RepoFiles.Read("Directory.Build.props");
        var projects = Directory.EnumerateFiles(RepoFiles.PathOf(Infra.FunctionsAppFolder), "*.csproj").Select(File.ReadAllText);
        var frameworks = projects.Prepend(props)
            .Select(text => TargetFramework().Match(text))
            .Where(m => m.Success)
            .Select(m => m.Groups["version"].Value)
            .ToList();

        Assert.NotEmpty(frameworks);
        Assert.Equal($"'{frameworks[^1]}'", FlexRuntimeVersion().Match(Infra.FunctionApp.Code).Groups["version"].Value);
    }

    [GeneratedRegex(@"(?ms)^services:\s*\n\s{2}(?<name>[\w-]+):\s*\n(?:\s{4}.*\n?)*?\s{4}project:\s*(?<project>\S+)(?:\s*\n\s{4}.*)*")]
    private static partial Regex ServiceBlock();

    [GeneratedRegex(@"<TargetFramework>net(?<version>\d+\.\d+)</TargetFramework>")]
    private static partial Regex TargetFramework();

    [GeneratedRegex(@"name:\s*'dotnet-isolated'\s*\n\s*version:\s*(?<version>'[^']+')")]
    private static partial Regex FlexRuntimeVersion();
}
