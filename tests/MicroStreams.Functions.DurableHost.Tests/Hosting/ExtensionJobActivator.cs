using Microsoft.Azure.WebJobs.Host;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>Gives the host the one <see cref="ExtensionFunctions"/> of this test, bound to its worker.</summary>
internal sealed class ExtensionJobActivator(ExtensionFunctions functions) : IJobActivator
{
    public T CreateInstance<T>() =>
        functions is T instance ? instance : throw new InvalidOperationException($"this host only runs {nameof(ExtensionFunctions)}, not {typeof(T)}");
}
