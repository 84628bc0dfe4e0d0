using System.Text.Json;

namespace MicroStreams.Infra.Tests;

/// <summary>The <c>Values</c> of local.settings.sample.json at the repository root.</summary>
internal static class LocalSettingsSample
{
    public static IReadOnlyDictionary<string, string> Values()
    {
        var text = RepoFiles.Read(Infra.LocalSettingsSamplePath);
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        Assert.True(
            document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object,
            $"{Infra.LocalSettingsSamplePath} has no \"Values\" object.");
        return values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
    }
}
