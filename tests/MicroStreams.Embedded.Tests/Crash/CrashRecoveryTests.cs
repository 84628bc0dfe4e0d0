using System.Text.Json;

namespace MicroStreams.Embedded.Tests.Crash;

/// <summary>
/// Kills a child process running the embedded runtime with SIGKILL at random points while it ingests and processes a
/// seeded workload, restarts it from the first unacknowledged batch each time, and compares the end result with a run
/// that was never killed. The kills are placed by the child's progress (a number of acknowledged batches, plus a short
/// delay), and a child that is not told to finish never exits on its own: exactly <see cref="Kills"/> kills land.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Batches = 60;
    private const int BatchSize = 100;
    private const int Kills = 5;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "microstreams-crash", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task Runtime_WhenKilledRepeatedlyWhileIngestingAndProcessing_EndsExactlyLikeARunThatWasNeverKilled()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var reference = await ChildProcess.RunAsync(Path.Combine(_root, "reference"), 0, finish: true);
        var crashed = Path.Combine(_root, "crashed");
        var next = 0;

        for (var attempt = 0; attempt < Kills; attempt++)
        {
            // Up to a fifth of the batches per run, so most kills land while ingesting; a run left with nothing to
            // ingest is killed while its consumers and delivery catch up.
            var kill = (Acks: random.Next(1, Batches / Kills), Delay: TimeSpan.FromMilliseconds(random.Next(0, 60)));
            var run = await ChildProcess.RunAsync(crashed, next, finish: false, kill);
            Assert.True(run.Killed, $"the child exited before its kill (seed {seed}, exit code {run.ExitCode}): {run.Errors}");
            next = run.LastAck is { } ack ? ack + 1 : next;
        }

        var final = await ChildProcess.RunAsync(crashed, next, finish: true);

        var context = $"seed {seed}, {Kills} kills, resumed at batch {next}";
        using var expected = Report(reference, context);
        using var actual = Report(final, context);
        Assert.Equal(Batches * BatchSize, actual.RootElement.GetProperty("logEvents").GetInt64());
        Assert.Equal(expected.RootElement.GetProperty("logEvents").GetInt64(), actual.RootElement.GetProperty("logEvents").GetInt64());
        Assert.Equal(expected.RootElement.GetProperty("workers").GetRawText(), actual.RootElement.GetProperty("workers").GetRawText());
        Assert.Equal(Strings(expected, "deadLetters"), Strings(actual, "deadLetters"));
        var effects = Strings(actual, "effects");
        var twoPayloads = effects.GroupBy(e => e.Split(' ')[0]).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(twoPayloads);
        Assert.Equal(Strings(expected, "effects"), effects);
        Assert.NotEmpty(effects);
    }

    private static JsonDocument Report(ChildProcess run, string context)
    {
        Assert.True(run.ExitCode == 0, $"finishing child failed ({context}): {run.Errors}");
        return JsonDocument.Parse(Assert.Single(run.Output));
    }

    private static string[] Strings(JsonDocument report, string property) =>
        [.. report.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
