using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Entities;

/// <summary>
/// The durable entity that hosts one worker (entity id: <see cref="EntityKeys"/>). Operations run one at a time per
/// entity and commit state with the signals and orchestrations they start, or roll all of it back if they throw.
/// The logic lives in <see cref="ProcessorEntityCore"/>; this class carries its decisions out with Durable Task.
/// </summary>
public sealed class ProcessorEntity(ProcessorEntityCore core, WorkerRebuild replay, TimeProvider time) : TaskEntity<ProcessorEntityState?>
{
    public const string ApplyOperation = "apply";
    public const string TickOperation = "tick";
    public const string WakeOperation = "wake";
    public const string QuarantineOperation = "quarantine";
    public const string RebuildOperation = "rebuild";
    public const string ExportOperation = "export";
    public const string SwitchOperation = "switch";

    /// <summary>The implicit operation of <see cref="TaskEntity{TState}"/> that clears the state (a replay drops its generation's workers with it).</summary>
    public const string DeleteOperation = "delete";

    public ApplyReport Apply(ApplyRequest request)
    {
        var (worker, _) = EntityKeys.Parse(Context.Id.Key);

        // The calling orchestration writes this operation's dead letters and projection rows from the report, before the checkpoint.
        return Carry(core.Apply(State, worker.Processor, worker.Key, request), callerWrites: true);
    }

    public ApplyReport Tick(TimerTick tick)
    {
        var (worker, _) = EntityKeys.Parse(Context.Id.Key);
        return Carry(core.Tick(State, worker.Processor, worker.Key, tick), callerWrites: false);
    }

    /// <summary>The partition clock's signal: records appended by its horizon are applied, timers due by then fire.</summary>
    public ApplyReport Wake(TimerWake wake)
    {
        var (worker, _) = EntityKeys.Parse(Context.Id.Key);
        return Carry(core.Wake(State, worker.Processor, worker.Key, wake), callerWrites: false);
    }

    public void Quarantine(string reason)
    {
        var (worker, _) = EntityKeys.Parse(Context.Id.Key);
        State = ProcessorEntityCore.Quarantine(State, worker.Processor, worker.Key, reason, time.GetUtcNow());
    }

    /// <summary>Replay: applies history to this (new generation's) worker; effects are counted, never sent, and no timer is armed.</summary>
    public RebuildReport Rebuild(RebuildRequest request)
    {
        var (worker, _) = EntityKeys.Parse(Context.Id.Key);
        var step = replay.Rebuild(State, worker.Processor, worker.Key, request);
        State = step.State;
        return step.Report;
    }

    /// <summary>Replay: the worker's record, for the switch to hand to the live generation.</summary>
    public ProcessorEntityState? Export() => State;

    /// <summary>Replay: adopts (or compares with) a rebuilt worker, unless this live worker is ahead of the rebuild.</summary>
    public SwitchReport Switch(SwitchRequest request)
    {
        var (worker, _) = EntityKeys.Parse(Context.Id.Key);
        var step = replay.Switch(State, worker.Processor, worker.Key, request);
        State = step.State;
        foreach (var timer in step.Timers)
        {
            Context.SignalEntity(Context.Id, TickOperation, new TimerTick(timer.Name, timer.Token), new SignalEntityOptions { SignalTime = timer.Due });
        }

        return step.Report;
    }

    /// <summary>A worker that never existed stays absent: the default state is null, not an empty record.</summary>
    protected override ProcessorEntityState? InitializeState(TaskEntityOperation entityOperation) => null;

    private ApplyReport Carry(EntityStep step, bool callerWrites)
    {
        State = step.State;
        if (step.AwaitClock is { } waiting)
        {
            Context.SignalEntity(Timers.PartitionClockKeys.For(step.State!.Partition), Timers.PartitionClockEntity.AwaitOperation, new Timers.ClockWaiter(Context.Id.Key, waiting.Due));
        }

        foreach (var timer in step.Timers)
        {
            Context.SignalEntity(Context.Id, TickOperation, new TimerTick(timer.Name, timer.Token), new SignalEntityOptions { SignalTime = timer.Due });
        }

        foreach (var effect in step.Effects)
        {
            Context.ScheduleNewOrchestration(
                nameof(Bindings.EffectFunctions.DeliverEffect),
                Effects.EffectMessage.From(effect),
                new StartOrchestrationOptions(InstanceIds.DeliverEffect(effect.Id)));
        }

        if (callerWrites)
        {
            return step.Report;
        }

        // A tick has no caller: small orchestrations write its rows and dead letters, under ids a re-run step repeats.
        if (step.Projections is [var first, ..] rows)
        {
            var (worker, _) = EntityKeys.Parse(Context.Id.Key);
            Context.ScheduleNewOrchestration(
                nameof(Bindings.ProjectionWriteFunctions.WriteProjectionRows),
                new ProjectionWriteRequest(rows),
                new StartOrchestrationOptions(InstanceIds.WriteProjections(worker.Processor, worker.Key, first.Generation, first.Sequence)));
        }

        foreach (var letter in step.DeadLetters)
        {
            Context.ScheduleNewOrchestration(
                nameof(Bindings.DeadLetterFunctions.RecordDeadLetters),
                new[] { letter },
                new StartOrchestrationOptions(InstanceIds.RecordDeadLetter(letter.Id)));
        }

        return step.Report;
    }
}
