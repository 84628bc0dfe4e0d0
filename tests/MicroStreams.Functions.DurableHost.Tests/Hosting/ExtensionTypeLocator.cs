using Microsoft.Azure.WebJobs;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>The host indexes <see cref="ExtensionFunctions"/> only (WebJobs would otherwise scan every loaded assembly).</summary>
internal sealed class ExtensionTypeLocator : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => [typeof(ExtensionFunctions)];
}
