using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Functions.Tests.Telemetry;

/// <summary>A real Kestrel on a free 127.0.0.1 port that answers every POST 200 and keeps each request's path, <c>traceparent</c> and body.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? TraceParent, byte[] Body)> Requests { get; } = new();

    public IEnumerable<string?> TraceParents => Requests.Where(r => r.Path == "/hook").Select(r => r.TraceParent);

    /// <summary>The base address, e.g. <c>http://127.0.0.1:12345</c>.</summary>
    public string Address { get; private set; } = "";

    public string Url => Address + "/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Requests.Enqueue((request.Path.Value ?? "", request.Headers.TryGetValue("traceparent", out var value) ? value.ToString() : null, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
