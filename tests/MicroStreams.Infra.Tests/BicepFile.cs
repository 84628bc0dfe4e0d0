using System.Text;
using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>
/// A deliberately small, line-oriented reading of a .bicep file: params, resources, modules, outputs, app-setting
/// <c>{ name: 'X' value: ... }</c> pairs and module parameter blocks. It is not a Bicep parser; it understands the
/// layout infra/ is written in (one property per line, single-quoted literals, // comments).
/// </summary>
internal sealed partial class BicepFile
{
    private BicepFile(string relativePath, string rawText)
    {
        RelativePath = relativePath;
        RawText = rawText;
        Code = StripLineComments(rawText);
    }

    public string RelativePath { get; }

    /// <summary>The file as written, comments included (for secret and GUID scans).</summary>
    public string RawText { get; }

    /// <summary>The file without // comments (for structure).</summary>
    public string Code { get; }

    public static BicepFile Load(string relativePath) => new(relativePath, RepoFiles.Read(relativePath));

    /// <summary>param name → default expression with quotes removed from string literals (null when there is no default).</summary>
    public IReadOnlyDictionary<string, string?> Params =>
        ParamPattern().Matches(Code).ToDictionary(
            m => m.Groups["name"].Value,
            m => m.Groups["default"].Success ? Unquote(m.Groups["default"].Value.Trim()) : null,
            StringComparer.Ordinal);

    /// <summary>Declared resources as (symbol, type, apiVersion, existing).</summary>
    public IReadOnlyList<(string Symbol, string Type, string ApiVersion, bool Existing)> Resources =>
        ResourcePattern().Matches(Code)
            .Select(m => (m.Groups["symbol"].Value, m.Groups["type"].Value, m.Groups["api"].Value, m.Groups["existing"].Success))
            .ToList();

    /// <summary>Declared modules as (symbol, path relative to this file).</summary>
    public IReadOnlyList<(string Symbol, string Path)> Modules =>
        ModulePattern().Matches(Code).Select(m => (m.Groups["symbol"].Value, m.Groups["path"].Value)).ToList();

    public IReadOnlyList<string> Outputs => OutputPattern().Matches(Code).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>Every <c>name: 'X'</c> immediately followed by <c>value: expr</c>: the app-settings shape.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        AppSettingPattern().Matches(Code).ToDictionary(
            m => m.Groups["name"].Value,
            m => Unquote(m.Groups["value"].Value.Trim()),
            StringComparer.Ordinal);

    public IReadOnlyList<string> Guids => GuidPattern().Matches(RawText).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>The <c>params: { ... }</c> of a module, as key → expression lines (arrays keep their raw text).</summary>
    public string ModuleParamsBlock(string moduleSymbol)
    {
        var declaration = Regex.Match(Code, $@"^\s*module\s+{Regex.Escape(moduleSymbol)}\s+'", RegexOptions.Multiline);
        Assert.True(declaration.Success, $"{RelativePath} declares no module '{moduleSymbol}'.");
        var paramsAt = Code.IndexOf("params:", declaration.Index, StringComparison.Ordinal);
        Assert.True(paramsAt > 0, $"Module '{moduleSymbol}' in {RelativePath} has no params block.");
        return BalancedBlock(Code, paramsAt, '{', '}');
    }

    /// <summary>Module parameter <c>key: identifier</c> pairs (single-line values only).</summary>
    public IReadOnlyDictionary<string, string> ModuleParams(string moduleSymbol) =>
        KeyValueLinePattern().Matches(ModuleParamsBlock(moduleSymbol))
            .GroupBy(m => m.Groups["key"].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value.Trim(), StringComparer.Ordinal);

    /// <summary>The identifiers listed in an array-valued module parameter, e.g. <c>consumerGroupNames: [ a b ]</c>.</summary>
    public IReadOnlyList<string> ModuleArrayParam(string moduleSymbol, string key)
    {
        var block = ModuleParamsBlock(moduleSymbol);
        var keyAt = Regex.Match(block, $@"\b{Regex.Escape(key)}:\s*\[");
        Assert.True(keyAt.Success, $"Module '{moduleSymbol}' in {RelativePath} passes no array '{key}'.");
        var array = BalancedBlock(block, keyAt.Index, '[', ']');
        return array.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 0)
            .ToList();
    }

    /// <summary>Whether <c>key: value</c> appears as a property line (whitespace-insensitive).</summary>
    public bool HasProperty(string key, string value) =>
        Regex.IsMatch(Code, $@"^\s*{Regex.Escape(key)}:\s*{Regex.Escape(value)}\s*$", RegexOptions.Multiline);

    public static string StripLineComments(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var inString = false;
            var cut = line.Length;
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '\\' && inString)
                {
                    i++;
                }
                else if (line[i] == '\'')
                {
                    inString = !inString;
                }
                else if (!inString && line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    cut = i;
                    break;
                }
            }

            result.Append(line.AsSpan(0, cut)).Append('\n');
        }

        return result.ToString();
    }

    private static string BalancedBlock(string text, int from, char open, char close)
    {
        var start = text.IndexOf(open, from);
        Assert.True(start >= 0, $"No '{open}' after position {from}.");
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            depth += text[i] == open ? 1 : text[i] == close ? -1 : 0;
            if (depth == 0)
            {
                return text[(start + 1)..i];
            }
        }

        throw new InvalidOperationException($"Unbalanced '{open}' starting at {start}.");
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1] : value;

    [GeneratedRegex(@"^\s*param\s+(?<name>\w+)\s+\w+(?:\s*=\s*(?<default>[^\r\n]+))?\s*$", RegexOptions.Multiline)]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"^\s*resource\s+(?<symbol>\w+)\s+'(?<type>[^'@]+)@(?<api>[^']+)'(?<existing>\s+existing)?", RegexOptions.Multiline)]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"^\s*module\s+(?<symbol>\w+)\s+'(?<path>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModulePattern();

    [GeneratedRegex(@"^\s*output\s+(?<name>\w+)\s+\w+\s*=", RegexOptions.Multiline)]
    private static partial Regex OutputPattern();

    [GeneratedRegex(@"name:\s*'(?<name>[^']+)'\s*\r?\n\s*value:\s*(?<value>[^\r\n]+)")]
    private static partial Regex AppSettingPattern();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^\s*(?<key>\w+):\s*(?<value>[^\r\n\[{]+)$", RegexOptions.Multiline)]
    private static partial Regex KeyValueLinePattern();
}
