namespace MicroStreams.Infra.Tests;

/// <summary>Locates the repository from the test's output folder and reads files by repository-relative path.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public static bool Exists(string relativePath) => File.Exists(PathOf(relativePath));

    /// <summary>Reads a file that must exist; a missing file fails the calling test with its path.</summary>
    public static string Read(string relativePath)
    {
        var path = PathOf(relativePath);
        Assert.True(File.Exists(path), $"Expected file '{relativePath}' at {path}, but it does not exist.");
        return File.ReadAllText(path);
    }

    /// <summary>Every file under a folder, skipping build output.</summary>
    public static IReadOnlyList<string> FilesUnder(string relativeFolder, string searchPattern)
    {
        var folder = PathOf(relativeFolder);
        Assert.True(Directory.Exists(folder), $"Expected folder '{relativeFolder}' at {folder}, but it does not exist.");
        return Directory.EnumerateFiles(folder, searchPattern, SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static bool IsBuildOutput(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
            || path.Contains($"{separator}obj{separator}", StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
