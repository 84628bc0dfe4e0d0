namespace MicroStreams.Events;

/// <summary>Why a record is not a valid CloudEvent: the attribute at fault and a reason a person can act on.</summary>
public sealed record EventRejection(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
