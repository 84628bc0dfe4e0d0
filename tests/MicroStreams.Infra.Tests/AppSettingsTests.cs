using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>Every setting the app and host.json read is set in Azure (Bicep) and locally (local.settings.sample.json).</summary>
public sealed partial class AppSettingsTests
{
    [Fact]
    public void LocalSettingsSample_SetsEverySettingNameFromTheCode()
    {
        var settingNames = SettingNamesFile.Load().Names.Values;
        var values = LocalSettingsSample.Values().Keys;

        var missing = settingNames.Where(name => !Infra.IsSet(name, values)).ToList();

        Assert.True(missing.Count == 0, $"{Infra.LocalSettingsSamplePath} does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void HostJson_EveryPercentTokenAndConnectionName_IsSetInAzureAndLocally()
    {
        var hostJson = RepoFiles.Read(Infra.HostJsonPath);
        var referenced = PercentToken().Matches(hostJson).Select(m => m.Groups["name"].Value)
            .Concat(ConnectionNameProperty().Matches(hostJson).Select(m => m.Groups["name"].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var appSettings = Infra.AppSettings.Keys;
        var localValues = LocalSettingsSample.Values().Keys;

        var missingInAzure = referenced.Where(name => !Infra.IsSet(name, appSettings)).ToList();
        var missingLocally = referenced.Where(name => !Infra.IsSet(name, localValues)).ToList();

        Assert.True(missingInAzure.Count == 0, $"host.json reads settings that {Infra.FunctionAppPath} does not set: {string.Join(", ", missingInAzure)}");
        Assert.True(missingLocally.Count == 0, $"host.json reads settings that {Infra.LocalSettingsSamplePath} does not set: {string.Join(", ", missingLocally)}");
    }

    [Fact]
    public void FunctionsCode_EverySettingReadByLiteralName_IsSetInAzure()
    {
        var sources = RepoFiles.FilesUnder(Infra.FunctionsProjectFolder, "*.cs").Concat(RepoFiles.FilesUnder(Infra.FunctionsAppFolder, "*.cs")).ToList();
        Assert.Contains(sources, f => f.EndsWith("SettingNames.cs", StringComparison.Ordinal));
        var referenced = sources
            .SelectMany(f => LiteralSettingRead().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["name"].Value.Replace(":", "__", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var appSettings = Infra.AppSettings.Keys;

        var missing = referenced.Where(name => !Infra.IsSet(name, appSettings)).ToList();

        Assert.True(missing.Count == 0, $"Functions code reads settings that {Infra.FunctionAppPath} does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Connections_AreIdentityBasedWithTheAppsClientId()
    {
        var settings = Infra.AppSettings;
        var prefixes = settings.Keys
            .Where(k => k.Contains("__", StringComparison.Ordinal) && !k.StartsWith("AzureFunctionsJobHost__", StringComparison.Ordinal))
            .Select(k => k[..k.IndexOf("__", StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(SettingNamesFile.Load().Names["EventHubConnection"], prefixes);
        Assert.Contains(SettingNamesFile.Load().Names["Storage"], prefixes);

        foreach (var prefix in prefixes)
        {
            Assert.False(settings.ContainsKey(prefix), $"'{prefix}' is set by its bare name, which the host treats as a connection string.");
            Assert.True(settings.TryGetValue($"{prefix}__credential", out var credential) && credential == "managedidentity", $"'{prefix}__credential' must be 'managedidentity'.");
            Assert.True(settings.TryGetValue($"{prefix}__clientId", out var clientId) && clientId == "identityClientId", $"'{prefix}__clientId' must be the user-assigned identity's client id.");
        }
    }

    [Fact]
    public void Storage_ConnectionHasBlobQueueAndTableEndpoints_ForTheHostAndDurableTask()
    {
        var settings = Infra.AppSettings;
        var storage = SettingNamesFile.Load().Names["Storage"];

        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.True(
                settings.TryGetValue($"{storage}__{service}ServiceUri", out var value) && value.Contains($"primaryEndpoints.{service}", StringComparison.Ordinal),
                $"'{storage}__{service}ServiceUri' must be the account's primary {service} endpoint.");
        }
    }

    [Fact]
    public void ApplicationInsights_UsesEntraIdWithTheAppsIdentity()
    {
        var settings = Infra.AppSettings;

        Assert.True(settings.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING"), "APPLICATIONINSIGHTS_CONNECTION_STRING is not set.");
        Assert.Equal("ClientId=${identityClientId};Authorization=AAD", settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
    }

    [GeneratedRegex(@"%(?<name>[A-Za-z_][A-Za-z0-9_]*)%")]
    private static partial Regex PercentToken();

    [GeneratedRegex("\"connection(?:String)?Name\"\\s*:\\s*\"(?<name>[^\"%]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionNameProperty();

    // "%Name%" in binding attributes, Connection = "Name", configuration["Name"] and GetValue<T>("Name").
    [GeneratedRegex("\"%(?<name>[A-Za-z_][A-Za-z0-9_]*)%\"|Connection\\s*=\\s*\"(?<name>[^\"]+)\"|[Cc]onfig\\w*\\[\\s*\"(?<name>[^\"]+)\"\\s*\\]|GetValue<[^>]+>\\(\\s*\"(?<name>[^\"]+)\"")]
    private static partial Regex LiteralSettingRead();
}
