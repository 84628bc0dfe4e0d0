using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Cli.Demo;

/// <summary>
/// The tenants' webhook endpoints, served by an in-process Kestrel on 127.0.0.1 and a random port. It counts what
/// arrives per tenant, recognises redeliveries by their <c>Idempotency-Key</c>, and answers 503 for a tenant while
/// that tenant is told to be down.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TenantStats> _stats = new(StringComparer.Ordinal);
    private volatile string? _down;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyDictionary<string, TenantStats> Stats => _stats;

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{tenant}", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public string UrlOf(string tenant) => new Uri(BaseAddress, $"/hooks/{tenant}").ToString();

    /// <summary>Makes <paramref name="tenant"/>'s endpoint answer 503 until called again with null.</summary>
    public void SetDown(string? tenant) => _down = tenant;

    public TenantStats StatsOf(string tenant) => _stats.GetOrAdd(tenant, _ => new TenantStats());

    private async Task<IResult> ReceiveAsync(string tenant, HttpRequest request)
    {
        var stats = StatsOf(tenant);
        stats.Request();
        if (string.Equals(_down, tenant, StringComparison.Ordinal))
        {
            stats.Refuse();
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        using var body = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        if (!stats.Keys.TryAdd(key, 0))
        {
            stats.Duplicate();
            return Results.Ok();
        }

        stats.Batch(body.RootElement.TryGetProperty("events", out var list) ? list.GetArrayLength() : 0);
        if (stats.Sample is null)
        {
            stats.Sample = body.RootElement.GetRawText();
        }

        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>What one tenant's endpoint saw.</summary>
    public sealed class TenantStats
    {
        private long _requests;
        private long _refused;
        private long _batches;
        private long _events;
        private long _duplicates;

        public long Requests => Interlocked.Read(ref _requests);
        public long Refused => Interlocked.Read(ref _refused);
        public long Batches => Interlocked.Read(ref _batches);
        public long Events => Interlocked.Read(ref _events);
        public long Duplicates => Interlocked.Read(ref _duplicates);

        public ConcurrentDictionary<string, byte> Keys { get; } = new(StringComparer.Ordinal);

        public string? Sample { get; set; }

        internal void Request() => Interlocked.Increment(ref _requests);

        internal void Refuse() => Interlocked.Increment(ref _refused);

        internal void Duplicate() => Interlocked.Increment(ref _duplicates);

        internal void Batch(int events)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _events, events);
        }
    }
}
