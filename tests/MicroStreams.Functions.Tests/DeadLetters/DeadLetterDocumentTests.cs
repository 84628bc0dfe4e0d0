using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.DeadLetters;

public sealed class DeadLetterDocumentTests
{
    [Fact]
    public void ForEvent_WhenWrittenTwice_GetsTheSameIdSoTheSecondWriteOverwrites()
    {
        var @event = Log(3, 77, "item", "alice");

        var first = DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, "counter", "alice", @event, "boom", 3, T0);
        var retried = DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, "counter", "alice", @event, "boom", 3, T0.AddMinutes(1));

        Assert.Equal(first.Id, retried.Id);
        Assert.StartsWith("p0003-s00000000000000000077-counter-", first.Id, StringComparison.Ordinal);
        Assert.NotEqual(first.Id, DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, "counter", "bob", @event, "boom", 3, T0).Id);
    }

    [Fact]
    public void IdForEvent_WhenPositionsGrow_SortsInLogOrder()
    {
        var ids = new[] { (0, 5L), (0, 40L), (1, 2L), (10, 1L) }.Select(p => DeadLetterDocument.IdForEvent(p.Item1, p.Item2, "c", "k")).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Serialize_WhenReadBack_KeepsTheOriginalEventAndItsWorker()
    {
        var letter = DeadLetterDocument.ForEvent(DeadLetterKind.Parked, "counter", "alice", Log(1, 9, "item", "alice"), "quarantined", 0, T0);

        var back = DeadLetterJson.Deserialize(DeadLetterJson.Serialize(letter))!;

        Assert.Equal(letter, back);
        Assert.Equal(letter.Event, back.ToLogEvent()!.Body);
        Assert.Contains("\"kind\":\"Parked\"", DeadLetterJson.Serialize(letter).ToString(), StringComparison.Ordinal);
    }
}
