using System.Diagnostics;
using MicroStreams.Embedded.Log;
using MicroStreams.Replay;
using MicroStreams.Telemetry;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The spans of a replay: one <c>replay</c> span per run, tagged at its end with what it read, applied and suppressed,
/// and a <c>replay.batch</c> child per batch a lane applies (up to 64k events). No span per event: a replay of millions
/// of events stays a few hundred spans. Nothing is made while nobody listens.
/// </summary>
internal static class ReplayTracing
{
    /// <summary>The run's span, or null when nobody listens. Call it from an async method (see <see cref="MicroStreamsActivity.RecordedAmbient"/>).</summary>
    public static Activity? Start(ReplayView view)
    {
        if (!MicroStreamsTelemetry.Source.HasListeners())
        {
            return null;
        }

        var replay = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Replay, ActivityKind.Internal, MicroStreamsActivity.RecordedAmbient());
        replay?.SetTag(SpanTags.ReplayId, view.Id);
        replay?.SetTag(SpanTags.Processor, view.Processor);
        replay?.SetTag(SpanTags.ReplayMode, view.Mode);
        replay?.SetTag(SpanTags.Generation, view.Generation);
        return replay;
    }

    /// <summary>Tags the run's span with its outcome and counts.</summary>
    public static void Finish(Activity replay, ReplayView view)
    {
        replay.SetTag(SpanTags.EventsRead, view.EventsRead);
        replay.SetTag(SpanTags.EventsApplied, view.EventsApplied);
        replay.SetTag(SpanTags.TimersFired, view.TimersFired);
        replay.SetTag(SpanTags.EffectsSuppressed, view.EffectsSuppressed);
        replay.SetTag(SpanTags.HandlerFailures, view.HandlerFailures);
        replay.SetTag("microstreams.replay.status", view.Status.ToString());
        replay.SetStatus(view.Status == ReplayStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, view.Error);
    }

    /// <summary>The span of one batch a lane applies, as a child of its run's span.</summary>
    public static Activity? StartBatch(Activity? replay, int partition, List<LogRecord> records)
    {
        if (replay is null)
        {
            return null;
        }

        var batch = MicroStreamsTelemetry.Source.StartActivity(SpanNames.ReplayBatch, ActivityKind.Internal, replay.Context);
        batch?.SetTag(SpanTags.Partition, partition);
        batch?.SetTag(SpanTags.BatchCount, records.Count);
        batch?.SetTag(SpanTags.FirstSequence, records[0].Sequence);
        batch?.SetTag(SpanTags.LastSequence, records[^1].Sequence);
        return batch;
    }
}
