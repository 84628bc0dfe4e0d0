using System.Reflection;

namespace MicroStreams.Functions.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void CoreAssembly_ReferencesNoAzureFunctionsOrDurableTaskAssembly()
    {
        var core = typeof(MicroStreams.Workers.WorkerApplier).Assembly;

        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Equal("MicroStreams", core.GetName().Name);
        Assert.Contains(references, r => r.StartsWith("System", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r =>
            r.StartsWith("Azure", StringComparison.Ordinal) ||
            r.StartsWith("Microsoft.Azure", StringComparison.Ordinal) ||
            r.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal) ||
            r.StartsWith("DurableTask", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionsAssembly_DeclaresEveryFunctionNameOnce()
    {
        var names = typeof(Bindings.RouteFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>()?.Name)
            .OfType<string>()
            .ToList();

        Assert.Contains("Route", names);
        Assert.Contains("ProcessorEntity", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void FunctionsLibrary_IsALibraryThatReferencesNoExampleAndNoApp()
    {
        var library = typeof(Bindings.RouteFunction).Assembly;

        var references = library.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Null(library.EntryPoint);
        Assert.Contains("MicroStreams", references);
        Assert.DoesNotContain("MicroStreams.Examples", references);
        Assert.DoesNotContain("MicroStreams.FunctionsApp", references);
    }
}
