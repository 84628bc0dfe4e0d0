using System.Diagnostics;
using MicroStreams.Telemetry;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// A consumer's memory of which armed timers a traced step armed, so that their firing becomes a <c>timer</c> span, the
/// child of that step, whose effects' deliveries continue the trace. Only in memory and only for traced steps: the
/// worker record (the same on every host and in replay) carries no trace, an untraced arming costs one null check, and a
/// timer armed before a restart fires untraced. Timers armed by untraced steps make no span, as untraced events make none.
/// </summary>
internal sealed class TimerTracing
{
    /// <summary>Timers that are cancelled never fire and so are never taken out: past this many the memory starts over.</summary>
    private const int MaxRemembered = 65_536;

    private Dictionary<(WorkerId Worker, string Name), (long Token, ActivityContext Step)>? _armedBy;

    /// <summary>Remembers the timers <paramref name="step"/> armed, when it is traced.</summary>
    public void Armed(List<(WorkerId Worker, ScheduledTimer Timer)> armed, Activity? step)
    {
        if (step is null || armed.Count == 0)
        {
            return;
        }

        var table = _armedBy ??= [];
        if (table.Count >= MaxRemembered)
        {
            table.Clear();
        }

        foreach (var (worker, timer) in armed)
        {
            table[(worker, timer.Name)] = (timer.Token, step.Context);
        }
    }

    /// <summary>The <c>timer</c> span of the worker's due timers about to fire, when the earliest was armed by a traced step.</summary>
    public Activity? StartFiring(Worker worker)
    {
        if (_armedBy is not { Count: > 0 } table || worker.Timers is not { Count: > 0 } timers)
        {
            return null;
        }

        var due = timers.Earliest();
        if (!table.Remove((worker.Id, due.Name), out var armed) || armed.Token != due.Token || !MicroStreamsTelemetry.Source.HasListeners())
        {
            return null;
        }

        var span = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Timer, ActivityKind.Internal, armed.Step);
        span?.SetTag(SpanTags.Processor, worker.Id.Processor);
        span?.SetTag(SpanTags.WorkerKey, worker.Id.Key);
        span?.SetTag(SpanTags.TimerName, due.Name);
        span?.SetTag(SpanTags.TimerDue, due.Due.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return span;
    }

    /// <summary>Forgets everything (the consumer reloads its workers).</summary>
    public void Clear() => _armedBy = null;
}
