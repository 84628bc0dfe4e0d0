using MicroStreams.Embedded;

namespace MicroStreams.Http.Hosting;

/// <summary>What <c>microstreams serve</c> was asked for on its command line.</summary>
public sealed record ServeOptions
{
    public const int DefaultPort = 7071;

    /// <summary>Port on 127.0.0.1; 0 picks a free one. Ignored when <see cref="Urls"/> is set.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Kestrel URLs (<c>http://0.0.0.0:8080;http://[::1]:8080</c>), overriding <see cref="Port"/>.</summary>
    public string? Urls { get; init; }

    /// <summary>The data folder: log, state, keys.json and the email outbox file.</summary>
    public string DataPath { get; init; } = ".microstreams";

    /// <summary>Run on a manual clock that <c>POST /api/admin/clock/advance</c> moves, kept in the data folder across restarts.</summary>
    public bool SimulatedClock { get; init; }

    /// <summary>Where the simulated clock starts (never before the time the data folder's clock reached); by default it
    /// resumes where it stopped, or starts at the real time in a new data folder.</summary>
    public DateTimeOffset? SimulatedStart { get; init; }

    /// <summary>Extra configuration (highest precedence), e.g. from tests or <c>--set Key=Value</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Adjusts the runtime options after configuration is bound (tests shrink partitions or stop background processing).</summary>
    public Action<EmbeddedOptions>? ConfigureRuntime { get; init; }

    /// <summary>Registers the processors and channels to serve, as an app's <c>AddMicroStreams(...)</c> call would.</summary>
    public Action<EmbeddedMicroStreamsBuilder>? Register { get; init; }

    /// <summary>Where start-up messages go (keys location, URLs).</summary>
    public TextWriter Output { get; init; } = Console.Out;
}
