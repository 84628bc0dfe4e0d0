using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Http.Tests.Tenants;

/// <summary>A tenant's webhook: a real Kestrel on a free 127.0.0.1 port that keeps every batch POSTed to <c>/hooks/{name}</c>.</summary>
public sealed class WebhookCatcher : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookCatcher(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every batch received, as (hook name, JSON body).</summary>
    public ConcurrentQueue<(string Hook, JsonElement Body)> Batches { get; } = new();

    /// <summary>The <c>traceparent</c> header of every batch received (null when absent), beside its body.</summary>
    public ConcurrentQueue<(JsonElement Body, string? TraceParent)> TraceParents { get; } = new();

    public static async Task<WebhookCatcher> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        ConcurrentQueue<(string, JsonElement)>? batches = null;
        ConcurrentQueue<(JsonElement, string?)>? traceParents = null;
        app.MapPost("/hooks/{name}", async (string name, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var traceParent = request.Headers.TraceParent.ToString();
            traceParents!.Enqueue((body.RootElement.Clone(), traceParent.Length == 0 ? null : traceParent));
            batches!.Enqueue((name, body.RootElement.Clone()));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var catcher = new WebhookCatcher(app, new Uri(address));
        batches = catcher.Batches;
        traceParents = catcher.TraceParents;
        return catcher;
    }

    public string UrlOf(string hook) => new Uri(BaseAddress, $"/hooks/{hook}").ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
