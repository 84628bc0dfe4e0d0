using MicroStreams.DeadLetters;
using MicroStreams.Workers;

namespace MicroStreams.Testing;

public sealed partial class ProcessorTestDriver
{
    /// <summary>
    /// Redrives the worker of <paramref name="key"/> as a host's redrive does, after the processor was fixed: lifts its
    /// quarantine and offers its dead-lettered events again, in their order (a failed timer stays armed and fires by the
    /// clock). The redriven letters leave <see cref="DeadLetters"/>; one that fails again comes back. Returns how many
    /// letters were redriven.
    /// </summary>
    public int Redrive(string key) => Redrive(Worker(key).Id);

    /// <inheritdoc cref="Redrive(string)"/>
    public int Redrive(WorkerId id)
    {
        if (!_workers.TryGetValue(id, out var slot))
        {
            throw new KeyNotFoundException($"no worker {id} was activated");
        }

        var letters = _deadLetters.Where(letter => letter.Worker == id).ToList();
        _deadLetters.RemoveAll(letter => letter.Worker == id);
        WorkerStep.Release(slot.Worker);
        foreach (var letter in letters)
        {
            if (letter.Kind == DeadLetterKind.TimerFailed || letter.Event is not { } @event)
            {
                continue;
            }

            // A redriven event was appended long ago: no timer fires ahead of it (they fire by the clock, below).
            var worker = (Worker?)slot.Worker;
            _step.Event(slot.Processor, ref worker, id.Key, @event, DateTimeOffset.MinValue, generation: 0, _actions, redrive: true);
            Take(slot);
        }

        FireDueBy(Now);
        return letters.Count;
    }
}
