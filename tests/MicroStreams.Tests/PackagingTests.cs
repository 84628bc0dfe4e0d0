using System.Xml.Linq;

namespace MicroStreams.Tests;

/// <summary>
/// The NuGet packages (eng/pack.sh) must restore for a user: a package's project references become package
/// dependencies, so a packable project may reference only packable projects (a reference to, say, the examples would
/// make every user's restore fail on a package that is never published).
/// </summary>
public sealed class PackagingTests
{
    public static TheoryData<string> PackableProjects() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot(), "functions"), "*.csproj", SearchOption.AllDirectories)
            .Where(IsPackable)
            .Select(path => Path.GetFileNameWithoutExtension(path))];

    [Fact]
    public void PackableProjects_AreThePublishedPackages()
    {
        var ids = Directory.GetFiles(Path.Combine(RepositoryRoot(), "functions"), "*.csproj", SearchOption.AllDirectories)
            .Where(IsPackable)
            .Select(path => (string?)XDocument.Load(path).Descendants("PackageId").FirstOrDefault())
            .Order(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string?>(["MicroStreams", "MicroStreams.AspNetCore", "MicroStreams.Azure.Functions", "MicroStreams.Embedded", "MicroStreams.Testing"]),
            ids.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(PackableProjects))]
    public void PackableProject_ReferencesOnlyPackableProjects(string project)
    {
        var path = Directory.GetFiles(Path.Combine(RepositoryRoot(), "functions"), project + ".csproj", SearchOption.AllDirectories).Single();

        var unpackable = XDocument.Load(path).Descendants("ProjectReference")
            .Select(reference => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, (string)reference.Attribute("Include")!)))
            .Where(reference => !IsPackable(reference))
            .Select(Path.GetFileNameWithoutExtension);

        Assert.Empty(unpackable);
    }

    [Theory]
    [MemberData(nameof(PackableProjects))]
    public void PackableProject_HasADescriptionAndAPackageReadme(string project)
    {
        var path = Directory.GetFiles(Path.Combine(RepositoryRoot(), "functions"), project + ".csproj", SearchOption.AllDirectories).Single();

        Assert.False(string.IsNullOrWhiteSpace((string?)XDocument.Load(path).Descendants("Description").FirstOrDefault()));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "PackageReadme.md")), $"{project} has no PackageReadme.md");
    }

    private static bool IsPackable(string project) =>
        XDocument.Load(project).Descendants("IsPackable").Any(e => string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"no Serverless.sln above {AppContext.BaseDirectory}");
    }
}
