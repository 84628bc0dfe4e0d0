using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroStreams.Functions.Configuration;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Tests.Metadata;

/// <summary>
/// The functions.metadata the Worker SDK generated when building the repository's app (MicroStreams.FunctionsApp, copied
/// into this output by its project reference): what the Functions host indexes, against the attributes of the function
/// classes in the library (MicroStreams.Azure.Functions, a referenced assembly of the app) and the app, and the settings
/// the deployment and the local sample provide.
/// </summary>
public sealed partial class FunctionMetadataTests
{
    private static readonly Lazy<JsonArray> Generated = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray());

    private static readonly Dictionary<Type, string> TriggerTypes = new()
    {
        [typeof(EventHubTriggerAttribute)] = "eventHubTrigger",
        [typeof(HttpTriggerAttribute)] = "httpTrigger",
        [typeof(OrchestrationTriggerAttribute)] = "orchestrationTrigger",
        [typeof(ActivityTriggerAttribute)] = "activityTrigger",
        [typeof(EntityTriggerAttribute)] = "entityTrigger",
    };

    private static readonly Assembly Library = typeof(Bindings.RouteFunction).Assembly;

    private static readonly Assembly App = typeof(FunctionsApp.Bindings.TenantFunctions).Assembly;

    private static IEnumerable<MethodInfo> FunctionMethods() => new[] { Library, App }.SelectMany(a => a.GetTypes())
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

    private static JsonObject Function(string name) =>
        Generated.Value.Select(f => f!.AsObject()).Single(f => (string)f["name"]! == name);

    private static JsonObject Binding(JsonObject function, string type) =>
        function["bindings"]!.AsArray().Select(b => b!.AsObject()).Single(b => (string)b["type"]! == type);

    [Fact]
    public void Metadata_ListsEveryFunctionOnceWithItsEntryPointAndTrigger()
    {
        var expected = FunctionMethods().Select(m =>
        {
            var trigger = m.GetParameters().SelectMany(p => p.GetCustomAttributes()).Single(a => TriggerTypes.ContainsKey(a.GetType()));
            return $"{m.GetCustomAttribute<FunctionAttribute>()!.Name} {m.DeclaringType!.FullName}.{m.Name} {TriggerTypes[trigger.GetType()]}";
        }).Order(StringComparer.Ordinal);

        var generated = Generated.Value.Select(f => f!.AsObject()).Select(f =>
        {
            var trigger = f["bindings"]!.AsArray().Select(b => (string)b!["type"]!).Single(t => t.EndsWith("Trigger", StringComparison.Ordinal));
            return $"{f["name"]} {f["entryPoint"]} {trigger}";
        }).Order(StringComparer.Ordinal);

        Assert.Equal(expected, generated);
        Assert.Equal(41, Generated.Value.Count);
    }

    [Fact]
    public void Metadata_TakesTheLibrarysFunctionsFromTheReferencedAssemblyAndTheAppsFromItsOwn()
    {
        var byScript = Generated.Value.Select(f => f!.AsObject())
            .ToLookup(f => (string)f["scriptFile"]!, f => (string)f["entryPoint"]!);

        Assert.Equal([Library.GetName().Name + ".dll", App.GetName().Name + ".dll"], byScript.Select(g => g.Key).Order(StringComparer.Ordinal));
        Assert.All(byScript[Library.GetName().Name + ".dll"], entryPoint => Assert.NotNull(Library.GetType(entryPoint[..entryPoint.LastIndexOf('.')])));
        Assert.Equal(37, byScript[Library.GetName().Name + ".dll"].Count());
        Assert.Equal(["ListAsync", "GetAsync", "PutAsync", "DeleteAsync"], byScript[App.GetName().Name + ".dll"].Select(e => e[(e.LastIndexOf('.') + 1)..]));
    }

    [Fact]
    public async Task GeneratedMetadataProvider_OfTheApp_IndexesTheSameFunctionsAsFunctionsMetadata()
    {
        // With worker indexing (the SDK's default) the worker reports the functions from the provider the SDK's source
        // generator compiled into the app, not from functions.metadata: it must have found the library's functions too.
        var providerType = App.GetTypes().Single(t => typeof(Microsoft.Azure.Functions.Worker.Core.FunctionMetadata.IFunctionMetadataProvider).IsAssignableFrom(t));
        var provider = (Microsoft.Azure.Functions.Worker.Core.FunctionMetadata.IFunctionMetadataProvider)Activator.CreateInstance(providerType)!;

        var indexed = await provider.GetFunctionMetadataAsync(AppContext.BaseDirectory);

        Assert.Equal(
            Generated.Value.Select(f => $"{f!["name"]} {f["entryPoint"]} {f["scriptFile"]}").Order(StringComparer.Ordinal),
            indexed.Select(f => $"{f.Name} {f.EntryPoint} {f.ScriptFile}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Route", SettingNames.RouterConsumerGroup)]
    [InlineData("Archive", SettingNames.ArchiveConsumerGroup)]
    public void EventHubsFunctions_ReadBatchesOfTheirConsumerGroupAndRetryForever(string name, string consumerGroupSetting)
    {
        var function = Function(name);
        var trigger = Binding(function, "eventHubTrigger");

        Assert.Equal(
            ($"%{SettingNames.EventHubName}%", $"%{consumerGroupSetting}%", SettingNames.EventHubConnection, "Many"),
            ((string?)trigger["eventHubName"], (string?)trigger["consumerGroup"], (string?)trigger["connection"], (string?)trigger["cardinality"]));
        Assert.Equal(("exponentialBackoff", -1, "00:00:01", "00:01:00"),
            ((string?)function["retry"]!["strategy"], (int)function["retry"]!["maxRetryCount"]!, (string?)function["retry"]!["minimumInterval"], (string?)function["retry"]!["maximumInterval"]));
    }

    [Fact]
    public void Metadata_HasNoRetryPolicyOutsideTheEventHubsFunctions()
    {
        var withRetry = Generated.Value.Where(f => f!["retry"] is not null).Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal);

        Assert.Equal(["Archive", "Route"], withRetry);
    }

    [Fact]
    public void HttpFunctions_HaveTheRoutesMethodsAndAuthorizationLevelsOfTheirAttributes()
    {
        var checkedRoutes = 0;
        foreach (var method in FunctionMethods())
        {
            if (method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault() is not { } http)
            {
                continue;
            }

            var binding = Binding(Function(method.GetCustomAttribute<FunctionAttribute>()!.Name), "httpTrigger");
            Assert.Equal(http.Route, (string?)binding["route"]);
            Assert.Equal(http.AuthLevel.ToString(), (string?)binding["authLevel"]);
            Assert.Equal(http.Methods!.Select(m => m.ToLowerInvariant()), binding["methods"]!.AsArray().Select(m => (string)m!));
            Assert.NotEqual(AuthorizationLevel.Anonymous, http.AuthLevel);
            checkedRoutes++;
        }

        Assert.Equal(21, checkedRoutes);
    }

    [Fact]
    public void EverySettingABindingNames_IsInTheLocalSampleAndTheDeployedAppSettings()
    {
        var named = Generated.Value.SelectMany(f => f!["bindings"]!.AsArray())
            .SelectMany(b => b!.AsObject().Select(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? (p.Key, Value: s) : (p.Key, Value: "")))
            .SelectMany(p => p.Key == "connection" ? [p.Value] : SettingReference().Matches(p.Value).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sample = JsonNode.Parse(File.ReadAllText(RepoFile("local.settings.sample.json")))!["Values"]!.AsObject().Select(p => p.Key).ToList();
        var deployed = DeployedSetting().Matches(File.ReadAllText(RepoFile("infra/app/functionapp.bicep"))).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal([SettingNames.ArchiveConsumerGroup, SettingNames.EventHubConnection, SettingNames.EventHubName, SettingNames.RouterConsumerGroup], named);
        Assert.All(named, setting => Assert.Contains(setting, sample));
        Assert.All(named, setting => Assert.Contains(deployed, d => d == setting || d.StartsWith(setting + "__", StringComparison.Ordinal)));
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"name: '([A-Za-z0-9_]+)'")]
    private static partial Regex DeployedSetting();

    private static string RepoFile(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory.FullName, relative);
    }
}
