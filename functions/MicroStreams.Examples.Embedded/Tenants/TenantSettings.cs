using MicroStreams.Examples.Push;
using Microsoft.Extensions.Configuration;

namespace MicroStreams.Examples.Embedded.Tenants;

/// <summary>
/// Reads the tenants that seed an empty tenant store from <c>MicroStreams:Tenants:&lt;tenant&gt;:&lt;n&gt;</c>
/// (<c>Name</c>, <c>Url</c>, <c>EventTypes</c>, optional <c>MaxBatchSize</c>, <c>FlushInterval</c>, <c>MaxAge</c>).
/// </summary>
internal static class TenantSettings
{
    public const string SectionName = "MicroStreams:Tenants";

    public static IReadOnlyDictionary<string, IReadOnlyList<Destination>> Read(IConfiguration configuration)
    {
        var tenants = new Dictionary<string, IReadOnlyList<Destination>>(StringComparer.Ordinal);
        foreach (var tenant in configuration.GetSection(SectionName).GetChildren())
        {
            var destinations = new List<Destination>();
            foreach (var entry in tenant.GetChildren())
            {
                var name = entry["Name"] ?? throw new InvalidOperationException($"{entry.Path}:Name is required");
                var url = entry["Url"] ?? throw new InvalidOperationException($"{entry.Path}:Url is required");
                var types = entry.GetSection("EventTypes").GetChildren().Select(t => t.Value!).Where(t => !string.IsNullOrEmpty(t)).ToArray();
                var destination = new Destination(name, url, types);
                destinations.Add(destination with
                {
                    MaxBatchSize = entry.GetValue("MaxBatchSize", destination.MaxBatchSize),
                    FlushInterval = entry.GetValue("FlushInterval", destination.FlushInterval),
                    MaxAge = entry.GetValue("MaxAge", destination.MaxAge),
                });
            }

            tenants[tenant.Key] = destinations;
        }

        return tenants;
    }
}
