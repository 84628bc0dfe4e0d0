using System.Diagnostics;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Replay;
using MicroStreams.Telemetry;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.Telemetry;

/// <summary>
/// The spans of the runtime's operations beside the event path (docs/telemetry.md): an admin redrive, a timer armed by
/// a traced step, and a replay, each exported through the OpenTelemetry SDK.
/// </summary>
[Collection(nameof(OperationTracingTests))]
public sealed class OperationTracingTests
{
    [Fact]
    public async Task RedriveAsync_WhenTraced_MakesARedriveSpanWithAStepPerLetterAndTheDeliveriesUnderThoseSteps()
    {
        using var capture = new SpanCapture();
        var probe = new ProbeProcessor();
        await using var test = TestRuntime.Start([probe], o => o.Partitions = 1);
        var (failing, producer) = SpanCapture.Traced("bad", "b1", Ce.T0, """{"do":"throw"}""");
        await test.IngestAsync(failing, Ce.Probe("bad", "b2", Ce.T0, """{"do":"send"}"""));
        await test.Runtime.DrainAsync();
        probe.Healed = true;

        ActivityTraceId trace;
        using (var admin = SpanCapture.StartRoot("admin redrive"))
        {
            trace = admin.TraceId;
            Assert.Equal(2, await test.Runtime.RedriveAsync(new WorkerId("probe", "bad")));
        }

        await test.Runtime.DrainAsync();

        var spans = capture.InTrace(trace);
        var redrive = Assert.Single(spans, s => s.OperationName == SpanNames.Redrive);
        Assert.Equal(("probe", "bad", 2), (redrive.GetTagItem(SpanTags.Processor), redrive.GetTagItem(SpanTags.WorkerKey), redrive.GetTagItem(SpanTags.DeadLetters)));
        var steps = spans.Where(s => s.OperationName == SpanNames.Step).ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal(redrive.SpanId, s.ParentSpanId));
        Assert.Single(steps, s => s.Links.Any(l => l.Context.TraceId == producer.TraceId && l.Context.SpanId == producer.SpanId));
        var deliver = Assert.Single(spans, s => s.OperationName == SpanNames.Deliver);
        Assert.Contains(steps, s => s.SpanId == deliver.ParentSpanId);
        Assert.Equal($"00-{trace}-{deliver.ParentSpanId}-01", Assert.Single(test.Test.Delivered).TraceParent);
    }

    [Fact]
    public async Task DrainAsync_WhenATracedStepArmedTheTimer_FiresItAsATimerSpanUnderThatStepAndDeliversUnderIt()
    {
        using var capture = new SpanCapture();
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        var (traced, producer) = SpanCapture.Traced("traced", "t1", Ce.T0, """{"do":"set","minutes":10}""");
        await test.IngestAsync(traced, Ce.Probe("untraced", "u1", Ce.T0, """{"do":"set","minutes":10}"""));
        await test.Runtime.DrainAsync();

        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(11));

        Assert.Equal(2, test.Test.Delivered.Count);
        var spans = capture.InTrace(producer.TraceId);
        var step = Assert.Single(spans, s => s.OperationName == SpanNames.Step);
        var timer = Assert.Single(spans, s => s.OperationName == SpanNames.Timer);
        Assert.Equal(step.SpanId, timer.ParentSpanId);
        Assert.Equal(("probe", "traced", "a"), (timer.GetTagItem(SpanTags.Processor), timer.GetTagItem(SpanTags.WorkerKey), timer.GetTagItem(SpanTags.TimerName)));
        var deliver = Assert.Single(spans, s => s.OperationName == SpanNames.Deliver);
        Assert.Equal(timer.SpanId, deliver.ParentSpanId);
        Assert.DoesNotContain(capture.Spans, s => s.OperationName == SpanNames.Timer && "untraced".Equals(s.GetTagItem(SpanTags.WorkerKey)));
    }

    [Fact]
    public async Task StartReplay_WhenTraced_MakesOneReplaySpanWithItsCountsAndABatchSpanPerBatchButNoSpanPerEvent()
    {
        using var capture = new SpanCapture();
        await using var test = TestRuntime.Start([new ProbeProcessor()], o => o.Partitions = 2);
        var events = Enumerable.Range(0, 40).Select(i => Ce.Probe($"k{i % 7}", $"e{i}", Ce.T0)).ToArray();
        await test.IngestAsync(events);
        await test.Runtime.DrainAsync();

        ActivityTraceId trace;
        ReplayView? done;
        using (var admin = SpanCapture.StartRoot("admin replay"))
        {
            trace = admin.TraceId;
            var started = test.Runtime.StartReplay(new ReplayRequest("probe"));
            done = await test.Runtime.WaitForReplayAsync(started.View!.Id);
        }

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        var spans = capture.InTrace(trace);
        var replay = Assert.Single(spans, s => s.OperationName == SpanNames.Replay);
        Assert.Equal((done.Id, "probe", 40L, 40L), (replay.GetTagItem(SpanTags.ReplayId), replay.GetTagItem(SpanTags.Processor), replay.GetTagItem(SpanTags.EventsRead), replay.GetTagItem(SpanTags.EventsApplied)));
        var batches = spans.Where(s => s.OperationName == SpanNames.ReplayBatch).ToList();
        Assert.InRange(batches.Count, 2, 4);
        Assert.All(batches, b => Assert.Equal(replay.SpanId, b.ParentSpanId));
        Assert.Equal(40, batches.Sum(b => (int)b.GetTagItem(SpanTags.BatchCount)!));
        Assert.Equal([SpanNames.Replay, SpanNames.ReplayBatch], spans.Where(s => s.Source.Name == MicroStreamsActivity.SourceName).Select(s => s.OperationName).Distinct().Order());
    }
}
