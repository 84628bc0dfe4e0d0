using MicroStreams.DeadLetters;
using MicroStreams.Events;

namespace MicroStreams.Workers;

/// <summary>
/// A dead letter a step decided: a refused or parked event (with its position and event), or a timer whose handler
/// failed (with its name and due). Kind and reason are the same on every host and in every mode; the host adds what only
/// it has (the record's raw bytes, its store's ids).
/// </summary>
public readonly record struct StepDeadLetter(
    DeadLetterKind Kind,
    WorkerId Worker,
    EventPosition Position,
    StreamEvent? Event,
    string? Timer,
    DateTimeOffset? TimerDue,
    string Reason,
    int Attempts);
