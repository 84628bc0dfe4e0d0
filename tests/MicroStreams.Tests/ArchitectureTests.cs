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
}
