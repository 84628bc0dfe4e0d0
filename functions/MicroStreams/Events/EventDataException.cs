namespace MicroStreams.Events;

/// <summary>
/// An event's data lacks a field the handler needs, or holds it with the wrong JSON type. Thrown by the typed reads of
/// <see cref="StreamEvent"/>, it makes the host refuse the event: after the retries it is dead-lettered with this message
/// (<c>price: expected a number, got string "abc"</c>) as its reason, and the key is quarantined as for any failing handler.
/// </summary>
public sealed class EventDataException : Exception
{
    public EventDataException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public EventDataException()
        : this("$", "the event's data is not what the handler needs")
    {
    }

    public EventDataException(string message)
        : this("$", message)
    {
    }

    public EventDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "$";
    }

    /// <summary>The member of <c>data</c> at fault.</summary>
    public string Field { get; }
}
