namespace MicroStreams.DeadLetters;

public enum DeadLetterStatus
{
    Pending = 0,
    Redriven = 1,
    Discarded = 2,
}
