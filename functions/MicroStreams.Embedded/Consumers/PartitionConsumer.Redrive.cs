using System.Diagnostics;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded.Telemetry;
using MicroStreams.Events;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    /// <summary>
    /// Asks the consumer to re-apply the worker's pending dead letters in their original order and lift its quarantine.
    /// A worker's letters are always redriven together: redriving one out of order would break per-key order.
    /// </summary>
    /// <paramref name="trace"/> is the redrive's span, when traced: each letter re-applied is a step under it.
    public Task<int> RequestRedrive(WorkerId worker, ActivityContext trace = default) => _redrives.Request(worker, trace);

    private int Redrive(WorkerId id, ActivityContext trace, DateTimeOffset now)
    {
        if (_router.Find(id.Processor) is not { } processor)
        {
            return 0;
        }

        var letters = _store.DeadLetters.PendingOf(id);
        if (letters.Count == 0)
        {
            return 0;
        }

        _workers.TryGetValue(id, out var worker);
        if (worker is not null)
        {
            WorkerStep.Release(worker);
            _workers.SetChanged(worker);
            if (worker.Timers is not null)
            {
                foreach (var timer in worker.Timers.Values)
                {
                    _timers.Arm(worker.Id, timer);
                }
            }
        }

        foreach (var letter in letters)
        {
            _batchCommit.Commit.Redriven.Add(letter.Id);
            if (letter.Kind == DeadLetterKind.TimerFailed)
            {
                continue; // its timer is still in the worker record and was re-armed above
            }

            var position = new EventPosition(letter.Partition, letter.Sequence);
            var read = CloudEventReader.Read(letter.Raw, position, letter.CreatedAt);
            if (!read.IsValid)
            {
                continue;
            }

            // A redriven event was appended long ago: its worker's timers are not fired ahead of it (they fire at the next step).
            using var step = _stepSpan = RedriveTracing.StartStep(trace, id, letter.Raw.Span);
            var outcome = _step.Event(processor, ref worker, id.Key, read.Event, DateTimeOffset.MinValue, GenerationOf(processor), _results, redrive: true);
            Stats.Count(outcome);
            if (worker is not null)
            {
                _workers.SetChanged(worker);
            }

            TakeResults(letter.Raw, now);
            _stepSpan = null;
        }

        return letters.Count;
    }
}
