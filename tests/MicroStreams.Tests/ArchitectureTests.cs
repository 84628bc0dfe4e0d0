using System.Xml.Linq;
using MicroStreams.Routing;

namespace MicroStreams.Tests;

public sealed class ArchitectureTests
{
    private static readonly string[] ForbiddenPrefixes =
        ["Azure", "Microsoft.Azure", "DurableTask", "Microsoft.DurableTask", "Microsoft.Data.Sqlite", "SQLitePCL", "Microsoft.WindowsAzure"];

    [Fact]
    public void CoreAssembly_ReferencesNoAzureOrStorageAssembly()
    {
        var references = typeof(Router).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        var forbidden = references.Where(name => ForbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

        Assert.Empty(forbidden);
        Assert.Contains(references, name => name.StartsWith("System", StringComparison.Ordinal));
    }

    /// <summary>The examples are a user of the platform: no platform project reaches them, directly or through another project.</summary>
    [Theory]
    [InlineData("MicroStreams")]
    [InlineData("MicroStreams.Embedded")]
    [InlineData("MicroStreams.Http")]
    [InlineData("MicroStreams.Testing")]
    public void PlatformProject_DoesNotReferenceTheExamples(string project)
    {
        var functions = Path.Combine(RepositoryRoot(), "functions");

        var reached = ProjectsReachedFrom(Path.Combine(functions, project, project + ".csproj"));

        Assert.NotEmpty(reached);
        Assert.DoesNotContain(reached, path => Path.GetFileNameWithoutExtension(path).StartsWith("MicroStreams.Examples", StringComparison.Ordinal));
    }

    /// <summary>The project itself and every project it references, transitively.</summary>
    private static HashSet<string> ProjectsReachedFrom(string project)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!reached.Add(next))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, (string)reference.Attribute("Include")!)));
            }
        }

        return reached;
    }

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
