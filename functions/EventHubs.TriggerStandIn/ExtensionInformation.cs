using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// The host-side extension the real worker package names; the Worker SDK's inner WorkerExtensions build would reference
// it, and it is not served here either (MicroStreams.Functions.csproj leaves it out of that build offline).
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.EventHubs", "6.5.0")]
