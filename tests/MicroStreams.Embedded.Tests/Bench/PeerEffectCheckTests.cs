using System.Diagnostics;
using MicroStreams.Cli.Bench.Peers;

namespace MicroStreams.Embedded.Tests.Bench;

/// <summary>
/// The bench's Redis Streams and PostgreSQL peers decide exactly what MicroStreams decides on a small corpus (timers
/// fired), with servers started by the repository's own <c>eng/peers.sh</c> on free loopback ports. Skipped, with the
/// reason, where redis-server or PostgreSQL is not installed (the script would install them; a test does not).
/// </summary>
public sealed class PeerEffectCheckTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ms-peers-{Guid.NewGuid():N}");
    private string? _skip;
    private Dictionary<string, string> _environment = [];

    public async Task InitializeAsync()
    {
        _skip = MissingServer();
        if (_skip is null)
        {
            var output = await RunScriptAsync("up", Path.Combine(_root, "servers"));
            _environment = output.Split('\n')
                .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
                .Select(line => line["export ".Length..].Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));
        }
    }

    public async Task DisposeAsync()
    {
        if (_skip is null)
        {
            await RunScriptAsync("down", Path.Combine(_root, "servers"));
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [SkippableFact]
    public async Task RedisPeer_OnTheSameCorpus_DecidesTheSameEffectsAsMicroStreams()
    {
        Skip.If(_skip is not null, _skip);
        await using var peer = await RedisPeer.ConnectAsync(_environment[PeerRuns.RedisVariable], PeerRuns.Processors(), new EmbeddedOptions().Partitions, batch: 100);
        await AssertSameEffectsAsync(peer);
    }

    [SkippableFact]
    public async Task PostgresPeer_OnTheSameCorpus_DecidesTheSameEffectsAsMicroStreams()
    {
        Skip.If(_skip is not null, _skip);
        await using var peer = new PostgresPeer(_environment[PeerRuns.PostgresVariable], PeerRuns.Processors(), new EmbeddedOptions().Partitions, batch: 100);
        await AssertSameEffectsAsync(peer);
    }

    private async Task AssertSameEffectsAsync(IPeer peer)
    {
        var (signups, activity) = PeerEffectCheck.Corpus(users: 300, events: 3_000, batchSize: 100);
        var expected = await PeerEffectCheck.EmbeddedAsync(signups, activity, Path.Combine(_root, "embedded"), CancellationToken.None);
        var actual = await PeerEffectCheck.PeerAsync(peer, signups, activity, CancellationToken.None);

        // Both kinds of decision are in the corpus: achievements on events, re-engagement emails on fired timers.
        Assert.Contains(expected, e => e.Payload.Contains("\"achievement\"", StringComparison.Ordinal));
        Assert.Contains(expected, e => e.Payload.Contains("\"re-engagement\"", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
    }

    private static string? MissingServer()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the peers' script runs on Linux";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!path.Split(':').Any(dir => File.Exists(Path.Combine(dir, "redis-server"))))
        {
            return "redis-server is not installed (bash eng/peers.sh up installs it)";
        }

        return Directory.Exists("/usr/lib/postgresql") && Directory.EnumerateFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Any()
            ? null
            : "PostgreSQL is not installed (bash eng/peers.sh up installs it)";
    }

    private static async Task<string> RunScriptAsync(string verb, string folder)
    {
        var script = RepositoryFile("eng/peers.sh");
        var start = new ProcessStartInfo("bash", [script, verb, folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"peers.sh {verb} failed: {await error}");
    }

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, relative)))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
