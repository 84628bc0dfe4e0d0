using MicroStreams.Events;

namespace MicroStreams.Embedded.Log;

/// <summary>
/// The acknowledgement of a durable append. <see cref="Positions"/> has one entry per item, in order;
/// a duplicate of a recently appended event has the default position and is counted in <see cref="Duplicates"/>.
/// </summary>
public sealed record AppendReceipt(IReadOnlyList<EventPosition?> Positions, int Appended, int Duplicates);
