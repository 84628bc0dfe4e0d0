using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Examples.Churn;
using MicroStreams.Processors;

namespace MicroStreams.Functions.Tests.Conformance;

/// <summary>
/// One semantics: a script of events per key (out of event-time order, late appends, handlers that throw, timers set,
/// reset and cancelled) interleaved with clock advances, consumer lag, redelivered batches and late ticks gives the same
/// worker records, effects, dead letters and projection rows on the embedded consumer, a rebuild of its log, the Azure
/// entities fed batch by batch, and an Azure replay of the archived log.
/// </summary>
public sealed class CrossHostConformanceTests
{
    [Fact]
    public void EveryHostAndMode_ForAnyScript_EndsWithTheSameWorkersEffectsDeadLettersAndRows()
    {
        var property = Prop.ForAll(Script.Generator.ToArbitrary(), script =>
        {
            var problems = RunAsync(script).GetAwaiter().GetResult();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), property);
    }

    [Fact]
    public async Task EveryHostAndMode_WhenTheConsumerLagsBehindATimersDueTime_SendsNoEmailUntilTheRescheduledDue()
    {
        var live = await AssertConformsAsync(Script.LaggingConsumer);

        // The t0+6d sign-in was appended before the t0+7d due time: it pushes the timer to t0+13d, whose email names it.
        Assert.Single(live.Effects);
        Assert.Contains("\"lastSignIn\":\"2026-01-11T09:00:00+00:00\"", live.Effects[0], StringComparison.Ordinal);
        Assert.Contains("\"signIns\":2", live.Rows["u1"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryHostAndMode_WhenATickArrivesAfterALaterEvent_FiresTheTimerBeforeTheEvent()
    {
        var live = await AssertConformsAsync(Script.LateTick);

        // The t0+8d sign-in was appended after the t0+7d due time: the email goes, and the sign-in finds the worker retired.
        Assert.Single(live.Effects);
        Assert.Contains("\"lastSignIn\":\"2026-01-05T09:00:00+00:00\"", live.Effects[0], StringComparison.Ordinal);
        Assert.Contains("\"signIns\":1", live.Rows["u1"], StringComparison.Ordinal);
        Assert.StartsWith("Retired", live.Workers["u1"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryHostAndMode_WhenAnOldEventIsAppendedAfterTheTimerFired_KeepsTheEmailAndTheRetirement()
    {
        var live = await AssertConformsAsync(Script.LateAppend);

        Assert.Single(live.Effects);
        Assert.StartsWith("Retired", live.Workers["u1"], StringComparison.Ordinal);
    }

    private static async Task<Observation> AssertConformsAsync(Script script)
    {
        var (live, problems) = await RunCoreAsync(script);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return live;
    }

    private static async Task<List<string>> RunAsync(Script script) => (await RunCoreAsync(script)).Problems;

    private static async Task<(Observation Live, List<string> Problems)> RunCoreAsync(Script script)
    {
        IProcessor Processor() => script.Churn ? new ChurnDetection() : new ConformanceProcessor();
        var projection = script.Churn ? ChurnDetection.LastSignInProjection : ConformanceProcessor.Rows;
        var (live, log, horizon) = await EmbeddedPaths.RunLiveAsync(script, Processor(), projection);
        var azure = new AzurePaths(script, Processor(), projection);
        var azureLive = await azure.RunLiveAsync(log);
        var rebuilt = EmbeddedPaths.Rebuild(script, Processor(), projection, log, horizon, azure.Now);
        var azureRebuilt = await azure.RebuildAsync(log);
        var problems = new List<string>();
        foreach (var other in new[] { rebuilt, azureLive, azureRebuilt })
        {
            problems.AddRange(live.Diff(other, compareEffects: true).Select(p => $"[{script}] {p}"));
        }

        return (live, problems);
    }
}
