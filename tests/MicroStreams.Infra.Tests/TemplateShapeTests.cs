using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>main.bicep follows the azd conventions: subscription scope, rg-&lt;env&gt;, resourceToken, tags, modules, outputs.</summary>
public sealed partial class TemplateShapeTests
{
    private static readonly string[] RequiredOutputs =
    [
        "AZURE_LOCATION", "AZURE_TENANT_ID", "RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "FUNCTION_APP_URL",
        "SERVICE_API_URI", "EVENT_HUB_NAMESPACE", "EVENT_HUB_NAME", "STORAGE_ACCOUNT_NAME", "APPLICATIONINSIGHTS_NAME",
    ];

    [Fact]
    public void Main_IsSubscriptionScopedWithAzdConventions()
    {
        var main = Infra.Main.Code;

        Assert.Matches(@"(?m)^targetScope\s*=\s*'subscription'\s*$", main);
        Assert.Contains("toLower(uniqueString(subscription().id, environmentName, location))", main, StringComparison.Ordinal);
        Assert.Contains("'azd-env-name': environmentName", main, StringComparison.Ordinal);
        Assert.Contains(Infra.Main.Resources, r => r.Type == "Microsoft.Resources/resourceGroups");
        Assert.Contains("name: '${abbrs.resourcesResourceGroups}${environmentName}'", main, StringComparison.Ordinal);
        Assert.Contains("\"resourcesResourceGroups\": \"rg-\"", RepoFiles.Read("infra/abbreviations.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryModule_Exists_AndEveryModuleFileIsUsed()
    {
        var files = Infra.AllBicep;
        var referenced = new HashSet<string>(StringComparer.Ordinal) { Infra.MainPath };

        foreach (var file in files)
        {
            foreach (var (symbol, path) in file.Modules)
            {
                var target = RepoFiles.Relative(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(RepoFiles.PathOf(file.RelativePath))!, path)));
                Assert.True(RepoFiles.Exists(target), $"{file.RelativePath} module '{symbol}' points at {path}, which does not exist.");
                referenced.Add(target);
            }
        }

        var unused = files.Select(f => f.RelativePath).Where(p => !referenced.Contains(p)).ToList();
        Assert.True(unused.Count == 0, $"Bicep files no module uses: {string.Join(", ", unused)}");
        Assert.True(Infra.Main.Modules.Count >= 6, "main.bicep should compose the app/ modules.");
    }

    [Fact]
    public void Outputs_AreUpperSnake_AndIncludeWhatAzdAndTheReadmeUse()
    {
        var outputs = Infra.Main.Outputs;

        Assert.All(outputs, o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o));
        var missing = RequiredOutputs.Except(outputs, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"main.bicep lacks outputs: {string.Join(", ", missing)}");
    }

    [Fact]
    public void ParametersFile_MapsAzdVariables_OnlyToParamsThatExist()
    {
        var parametersJson = RepoFiles.Read("infra/main.parameters.json");
        var mapped = ParameterName().Matches(parametersJson).Select(m => m.Groups["name"].Value).ToList();
        var mainParams = Infra.Main.Params;

        Assert.Contains("${AZURE_ENV_NAME}", parametersJson, StringComparison.Ordinal);
        Assert.Contains("${AZURE_LOCATION}", parametersJson, StringComparison.Ordinal);
        Assert.Contains("${AZURE_PRINCIPAL_ID}", parametersJson, StringComparison.Ordinal);
        var unknown = mapped.Where(name => !mainParams.ContainsKey(name)).ToList();
        Assert.True(unknown.Count == 0, $"main.parameters.json maps unknown params: {string.Join(", ", unknown)}");
        var required = mainParams.Where(p => p.Value is null).Select(p => p.Key).Except(mapped, StringComparer.Ordinal).ToList();
        Assert.True(required.Count == 0, $"main.bicep params without default that main.parameters.json does not map: {string.Join(", ", required)}");
    }

    [Fact]
    public void FunctionApp_DependsOnItsRoleAssignments()
    {
        var main = Infra.Main.Code;
        var module = main[main.IndexOf("module functionApp ", StringComparison.Ordinal)..];

        Assert.Matches(@"dependsOn:\s*\[\s*appRoles\s*\]", module);
    }

    [GeneratedRegex("\"(?<name>\\w+)\"\\s*:\\s*\\{\\s*\"value\"")]
    private static partial Regex ParameterName();
}
