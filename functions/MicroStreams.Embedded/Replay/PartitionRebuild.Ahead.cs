using MicroStreams.Embedded.Log;
using MicroStreams.Events;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Replay;

/// <summary>Reading a chunk of records ahead of applying them, and prefetching the workers they are about to touch.</summary>
internal sealed partial class PartitionRebuild
{
    /// <summary>Records read (and their workers prefetched) before the first of them is applied: enough that a worker's
    /// lines have arrived by its turn, few enough that they are still in the cache then.</summary>
    private const int Chunk = 16;

    /// <summary>How many records ahead of the one applied its worker's parts (state, timers, key) are prefetched.</summary>
    private const int PartsAhead = 4;

    /// <summary>A key up to this long is looked up without making a string of it.</summary>
    private const int KeyChars = 128;

    /// <summary>The lines of a <see cref="Worker"/> object to prefetch (it is ~170 bytes).</summary>
    private const int WorkerBytes = 192;

    /// <summary>The events of the chunk being applied, and the guessed workers of its records.</summary>
    private readonly StreamEvent?[] _chunk = new StreamEvent?[Chunk];
    private readonly Worker?[] _guesses = new Worker?[Chunk];
    private readonly WorkerHints _hints;

    /// <summary>
    /// Reads record <paramref name="i"/>: the event when it is one for this processor (null otherwise), after starting to
    /// load its worker's object, guessed from its key.
    /// </summary>
    private StreamEvent? ReadAhead(List<LogRecord> records, int i, ref BatchRead batch)
    {
        var k = i % Chunk;
        _guesses[k] = null;
        var record = records[i];
        if (record.Sequence < _fromSequence || record.AppendedAt < _fromTime)
        {
            return null;
        }

        // Records of other types are skipped (timers go by append time, which every record has). A peek saves such a
        // record its full read but costs a subscribed one a second scan of its first attributes, so after a sample the
        // rest of the batch is peeked at only if records of other types are common in it.
        if (i == PeekSample)
        {
            batch.Peeking = batch.Skipped * 3 > PeekSample;
        }

        if (batch.Peeking && _peek.Classify(record, out _) == PeekKind.Other)
        {
            batch.Skipped++;
            return null;
        }

        var read = record.ReadEvent(_reusable?[k]);
        if (!read.IsValid)
        {
            return null;
        }

        var @event = read.Event;
        if (!_subscribes.Contains(@event.Type))
        {
            return null;
        }

        Span<char> chars = stackalloc char[KeyChars];
        if (Router.TryCopyKey(_processor, @event, chars, out var length) && length > 0)
        {
            var guess = _hints.Guess(WorkerHints.HashOf(chars[..length]));
            Prefetch.Object(guess, WorkerBytes);
            _guesses[k] = guess;
        }

        return @event;
    }

    private static void PrefetchParts(Worker? worker)
    {
        if (worker is not null)
        {
            Prefetch.Object(worker.Id.Key);
            Prefetch.Object(worker.State, 128);
            Prefetch.Object(worker.Timers, 128);
            Prefetch.Object(worker.Watermarks);
        }
    }

    /// <summary>What one batch has read so far: how many records it skipped for their type, and the tallies.</summary>
    private struct BatchRead()
    {
        public int Skipped;
        public bool Peeking = true;
        public long Applied;
        public long Failures;
    }
}
