using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>
/// The app-setting names and defaults declared in the Functions project's SettingNames.cs, read as text
/// (the Functions project cannot be referenced offline: its packages are not in the feed).
/// </summary>
internal sealed class SettingNamesFile
{
    public const string RelativePath = "functions/MicroStreams.Functions/Configuration/SettingNames.cs";

    private static readonly Regex ConstPattern = new(
        """public\s+const\s+string\s+(?<member>\w+)\s*=\s*"(?<value>[^"]*)"\s*;""",
        RegexOptions.CultureInvariant);

    private SettingNamesFile(IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, string> defaults)
    {
        Names = names;
        Defaults = defaults;
    }

    /// <summary>Member name → app-setting name (e.g. <c>Storage</c> → <c>AzureWebJobsStorage</c>).</summary>
    public IReadOnlyDictionary<string, string> Names { get; }

    /// <summary>Member name → default value, from the nested <c>Defaults</c> class (e.g. <c>EventHubName</c> → <c>events</c>).</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; }

    public static SettingNamesFile Load()
    {
        var text = RepoFiles.Read(RelativePath);
        var split = text.IndexOf("class Defaults", StringComparison.Ordinal);
        Assert.True(split > 0, $"{RelativePath} has no nested 'class Defaults'.");

        var names = Parse(text[..split]);
        var defaults = Parse(text[split..]);
        Assert.True(names.Count > 0, $"No 'public const string X = \"Y\";' lines found in {RelativePath}.");
        Assert.True(defaults.Count > 0, $"No default constants found in {RelativePath}.");
        return new SettingNamesFile(names, defaults);
    }

    private static Dictionary<string, string> Parse(string text) =>
        ConstPattern.Matches(text).ToDictionary(m => m.Groups["member"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
}
