using System.Diagnostics.CodeAnalysis;

namespace MicroStreams.Events;

/// <summary>The outcome of reading a record: an event, or the rejection that says why it is not one.</summary>
public readonly record struct EventReadResult(StreamEvent? Event, EventRejection? Rejection)
{
    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsValid => Event is not null;
}
