using Microsoft.Azure.WebJobs.Host.Config;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>
/// The Functions host's webhook address, which the extension puts into the <c>[DurableClient]</c> payload (its HTTP
/// management URLs). Without a Functions host nothing serves that address, and nothing here calls it: the worker's
/// client talks to the extension's gRPC endpoint. Without any provider the client binding fails with a null reference.
/// </summary>
#pragma warning disable CS0618 // IWebHookProvider is marked "not ready for public consumption"; the extension asks for it all the same.
internal sealed class LoopbackWebHookProvider : IWebHookProvider
#pragma warning restore CS0618
{
    public Uri GetUrl(IExtensionConfigProvider extension) => new("http://127.0.0.1/runtime/webhooks/durabletask");
}
