namespace MicroStreams.Events;

/// <summary>Where an event sits in the log: its partition and its sequence number within it.</summary>
public readonly record struct EventPosition(int Partition, long Sequence) : IComparable<EventPosition>
{
    public int CompareTo(EventPosition other) =>
        Partition != other.Partition ? Partition.CompareTo(other.Partition) : Sequence.CompareTo(other.Sequence);

    public override string ToString() => $"{Partition}:{Sequence}";

    public static bool operator <(EventPosition left, EventPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(EventPosition left, EventPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(EventPosition left, EventPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(EventPosition left, EventPosition right) => left.CompareTo(right) >= 0;
}
