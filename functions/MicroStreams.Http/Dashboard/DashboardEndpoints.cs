using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.OpenApi;

namespace MicroStreams.Http.Dashboard;

/// <summary>Serves the dashboard (plain HTML, CSS and JS embedded in the assembly: no CDN, works offline) at <c>/</c>.</summary>
internal static class DashboardEndpoints
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Assets = Load();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Asset("index.html")).RequireKey(KeyKind.Anonymous)
            .WithTags("Dashboard").WithSummary("The dashboard").ProducesText("text/html");
        endpoints.MapGet("/dashboard/{file}", (string file) => Asset(file)).RequireKey(KeyKind.Anonymous)
            .WithTags("Dashboard").WithSummary("The dashboard's scripts and styles").ProducesText("text/javascript", "text/css", "text/html", "image/svg+xml").ProducesProblems(404);
    }

    private static IResult Asset(string file) =>
        Assets.TryGetValue(file, out var asset)
            ? TypedResults.Bytes(asset.Bytes, asset.ContentType)
            : Problems.Problem.NotFound($"the dashboard has no file '{file}'");

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name["dashboard/".Length..];
            assets[file] = (copy.ToArray(), ContentTypeOf(file));
        }

        return assets;
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
