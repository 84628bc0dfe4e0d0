using System.Text.Json;

namespace MicroStreams.Cli.Demo;

/// <summary>The emails the file sink wrote, deduplicated by effect id (a redelivery after a crash writes a line twice).</summary>
public sealed record EmailLog(IReadOnlyDictionary<string, int> ByTemplate, IReadOnlyDictionary<string, IReadOnlyList<string>> Samples, int DuplicateLines)
{
    public int Count(string template) => ByTemplate.GetValueOrDefault(template);

    public static EmailLog Read(string path)
    {
        var byTemplate = new Dictionary<string, int>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        if (!File.Exists(path))
        {
            return new EmailLog(byTemplate, new Dictionary<string, IReadOnlyList<string>>(), 0);
        }

        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!seen.Add(root.GetProperty("id").GetString()!))
            {
                duplicates++;
                continue;
            }

            var template = root.GetProperty("payload").TryGetProperty("template", out var t) ? t.GetString() ?? "?" : "?";
            byTemplate[template] = byTemplate.GetValueOrDefault(template) + 1;
            if (!samples.TryGetValue(template, out var list))
            {
                samples[template] = list = [];
            }

            if (list.Count < 2)
            {
                list.Add($"to {root.GetProperty("target").GetString()}: {root.GetProperty("payload").GetRawText()}");
            }
        }

        return new EmailLog(byTemplate, samples.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal), duplicates);
    }
}
