using System.Diagnostics;
using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// The local webhook the latency workload's effects are delivered to (Kestrel on 127.0.0.1, a free port). For each
/// ping's first delivery it records, in an HdrHistogram, the time from the ping's intended send time (open loop, so a
/// stalled producer cannot hide latency) to its arrival here.
/// </summary>
public sealed class LatencyReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly long[] _intended;
    private readonly int[] _seen;
    // A plain histogram under a lock: HdrHistogram's concurrent one records safely from many threads but is not safe to
    // read while stragglers of a lagging run are still being recorded (the percentile walk then throws).
    private readonly LongHistogram _histogram = new(1, TimeStamp.Seconds(600), 3);
    private readonly Lock _gate = new();
    private long _received;

    private readonly long _warmup;

    private LatencyReceiver(WebApplication app, int pings, long warmup)
    {
        _app = app;
        _warmup = warmup;
        _intended = new long[pings];
        _seen = new int[pings];
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Starts the receiver for <paramref name="pings"/> pings, of which the first <paramref name="warmup"/> are delivered but not recorded.</summary>
    public static async Task<LatencyReceiver> StartAsync(int pings, long warmup, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new LatencyReceiver(app, pings, warmup);
        app.MapPost("/hook/{slot}", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Sets when ping <paramref name="n"/> should be sent (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Intend(long n, long timestamp) => _intended[n] = timestamp;

    /// <summary>The quantiles recorded so far; all zero when nothing arrived after the warm-up.</summary>
    public LatencySummary Summary()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0)
            {
                return new LatencySummary(0, 0, 0, 0);
            }

            double Ms(long ticks) => ticks / (Stopwatch.Frequency / 1000.0);
            return new LatencySummary(Ms(_histogram.GetValueAtPercentile(50)), Ms(_histogram.GetValueAtPercentile(99)), Ms(_histogram.GetValueAtPercentile(99.9)), Ms(_histogram.GetMaxValue()));
        }
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var body = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        var n = body.RootElement.GetProperty("n").GetInt64();
        if (Interlocked.Exchange(ref _seen[n], 1) == 0)
        {
            if (n >= _warmup)
            {
                lock (_gate)
                {
                    _histogram.RecordValue(Math.Min(Math.Max(1, arrived - _intended[n]), _histogram.HighestTrackableValue));
                }
            }

            Interlocked.Increment(ref _received);
        }

        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
