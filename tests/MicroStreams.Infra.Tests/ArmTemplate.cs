using System.Text.Json.Nodes;

namespace MicroStreams.Infra.Tests;

/// <summary>
/// infra/main.bicep as the real Bicep compiler emitted it (the build compiles every .bicep into arm/ beside the tests):
/// the deployed resources, walked through the nested module deployments.
/// </summary>
internal sealed class ArmTemplate
{
    private ArmTemplate(JsonObject root) => Root = root;

    public static ArmTemplate Main { get; } = Load("main.json");

    public JsonObject Root { get; }

    public string Text => Root.ToJsonString();

    /// <summary>Every resource, modules' resources included (module deployments themselves too).</summary>
    public IReadOnlyList<JsonObject> Resources => [.. Walk(Root)];

    public IReadOnlyList<string> Outputs => [.. Root["outputs"]!.AsObject().Select(o => o.Key)];

    public static ArmTemplate Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "arm", relativePath);
        Assert.True(File.Exists(path), $"{path} missing: the build compiles infra/*.bicep there with the Bicep CLI package.");
        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(path))!.AsObject());
    }

    private static IEnumerable<JsonObject> Walk(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject named => named.Select(r => r.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Walk(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
