using MicroStreams.DeadLetters;

namespace MicroStreams.Embedded.Dashboard;

/// <summary>One worker an event was routed to and what became of it there, with the dead letter it left, if any.</summary>
public sealed record EventReach(string Processor, string Key, ReachOutcome Outcome, DeadLetter? DeadLetter);
