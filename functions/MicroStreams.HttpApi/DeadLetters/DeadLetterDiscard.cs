using MicroStreams.DeadLetters;

namespace MicroStreams.Http.DeadLetters;

/// <summary>The answer to a discard: the letter and its new status.</summary>
public sealed record DeadLetterDiscard(DeadLetterId Id, DeadLetterStatus Status);
