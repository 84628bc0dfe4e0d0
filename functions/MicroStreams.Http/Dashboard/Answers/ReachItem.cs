using MicroStreams.DeadLetters;
using MicroStreams.Embedded.Dashboard;

namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>A worker an event reached, the outcome there, and the dead letter it left (id, kind, status, reason), if any.</summary>
internal sealed record ReachItem(string Processor, string Key, ReachOutcome Outcome, long? DeadLetterId, DeadLetterKind? DeadLetterKind, DeadLetterStatus? DeadLetterStatus, string? Reason)
{
    public static ReachItem Of(EventReach r) =>
        new(r.Processor, r.Key, r.Outcome, r.DeadLetter?.Id, r.DeadLetter?.Kind, r.DeadLetter?.Status, r.DeadLetter?.Reason);
}
