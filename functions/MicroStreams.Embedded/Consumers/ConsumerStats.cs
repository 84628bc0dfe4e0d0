using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>Running counts of one consumer, read without locks by metrics and the demo summary.</summary>
internal sealed class ConsumerStats
{
    public long Events;
    public long Applied;
    public long NotActivated;
    public long IgnoredRetired;
    public long Duplicates;
    public long Failed;
    public long Parked;
    public long TimersFired;
    public long StaleTimers;
    public long Effects;
    public long DeadLetters;
    public long Commits;
    public long Compactions;

    internal void Count(ApplyOutcome outcome)
    {
        switch (outcome)
        {
            case ApplyOutcome.Applied: Applied++; break;
            case ApplyOutcome.NotActivated: NotActivated++; break;
            case ApplyOutcome.Retired: IgnoredRetired++; break;
            case ApplyOutcome.Duplicate: Duplicates++; break;
            case ApplyOutcome.Failed: Failed++; break;
            case ApplyOutcome.Parked: Parked++; break;
            case ApplyOutcome.Stale: StaleTimers++; break;
        }
    }
}
