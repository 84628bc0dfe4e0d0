namespace MicroStreams.Infra.Tests;

/// <summary>The infra/ files the tests read, loaded once per use.</summary>
internal static class Infra
{
    public const string MainPath = "infra/main.bicep";
    public const string FunctionAppPath = "infra/app/functionapp.bicep";
    public const string RbacPath = "infra/app/rbac.bicep";
    public const string StoragePath = "infra/app/storage.bicep";
    public const string EventHubsPath = "infra/app/eventhubs.bicep";
    public const string MonitoringPath = "infra/app/monitoring.bicep";
    public const string DurableTaskPath = "infra/app/durabletask.bicep";
    public const string HostJsonPath = "host.json";
    public const string LocalSettingsSamplePath = "local.settings.sample.json";
    public const string AzureYamlPath = "azure.yaml";
    /// <summary>The Azure Functions library (the function classes, SettingNames.cs).</summary>
    public const string FunctionsProjectFolder = "functions/MicroStreams.Functions";

    /// <summary>The repository's Functions app that azd deploys (it references the library).</summary>
    public const string FunctionsAppFolder = "functions/MicroStreams.FunctionsApp";

    public static BicepFile Main => BicepFile.Load(MainPath);

    public static BicepFile FunctionApp => BicepFile.Load(FunctionAppPath);

    public static IReadOnlyList<BicepFile> AllBicep =>
        RepoFiles.FilesUnder("infra", "*.bicep").Select(f => BicepFile.Load(RepoFiles.Relative(f))).ToList();

    /// <summary>The app settings the function app gets, by name.</summary>
    public static IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var settings = FunctionApp.AppSettings;
            Assert.True(settings.Count > 0, $"No {{ name: 'X' value: ... }} app settings found in {FunctionAppPath}.");
            return settings;
        }
    }

    /// <summary>
    /// A setting is present when it is set by its own name or, for a connection, through its identity-based
    /// sub-keys (<c>EventHubConnection__fullyQualifiedNamespace</c> sets the <c>EventHubConnection</c> connection).
    /// </summary>
    public static bool IsSet(string name, IEnumerable<string> settingNames) =>
        settingNames.Any(s => string.Equals(s, name, StringComparison.Ordinal)
            || s.StartsWith(name + "__", StringComparison.Ordinal));
}
