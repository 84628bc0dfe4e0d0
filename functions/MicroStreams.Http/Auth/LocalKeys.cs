using System.Security.Cryptography;
using System.Text.Json;

namespace MicroStreams.Http.Auth;

/// <summary>
/// The keys <c>serve</c> makes up when configuration has none, kept in <c>&lt;data&gt;/keys.json</c> so they survive
/// restarts (as the Functions host keeps its keys in storage). The file is created readable by its owner only.
/// </summary>
public sealed record LocalKeys(string FunctionKey, string AdminKey)
{
    public const string FileName = "keys.json";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static LocalKeys LoadOrCreate(string dataPath)
    {
        var path = Path.Combine(dataPath, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<LocalKeys>(File.ReadAllBytes(path), JsonSerializerOptions.Web);
            if (stored is { FunctionKey.Length: > 0, AdminKey.Length: > 0 })
            {
                return stored;
            }
        }

        var keys = new LocalKeys(NewKey(), NewKey());
        Directory.CreateDirectory(dataPath);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            JsonSerializer.Serialize(stream, keys, Indented);
        }

        return keys;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');
}
