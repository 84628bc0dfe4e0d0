using Azure.Messaging.EventHubs;
using MicroStreams.Functions.Events;

namespace MicroStreams.Functions.Tests.Events;

public sealed class EventDataMapperTests
{
    [Fact]
    public void Map_WhenGivenTriggerEventData_CopiesPositionOffsetTimeKeyBodyAndProperties()
    {
        var enqueued = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
        var data = EventHubsModelFactory.EventData(
            new BinaryData("{\"a\":1}"u8.ToArray()),
            properties: new Dictionary<string, object> { ["origin"] = "api" },
            partitionKey: "user-7",
            sequenceNumber: 42,
            offsetString: "4096",
            enqueuedTime: enqueued);

        var record = EventDataMapper.Map(data, partition: 3);

        Assert.Equal(3, record.Partition);
        Assert.Equal(42, record.Sequence);
        Assert.Equal("4096", record.Offset);
        Assert.Equal(enqueued, record.EnqueuedTime);
        Assert.Equal("user-7", record.PartitionKey);
        Assert.Equal("{\"a\":1}"u8.ToArray(), record.Body.ToArray());
        Assert.Equal("api", record.Properties["origin"]);
    }

    [Theory]
    [InlineData("{\"PartitionId\":\"5\",\"EventHubName\":\"events\",\"ConsumerGroup\":\"router\"}", 5)]
    [InlineData("{\"partitionId\":12}", 12)]
    public void TryReadPartition_WhenContextNamesThePartition_ReturnsIt(string json, int expected) =>
        Assert.Equal(expected, PartitionContextReader.TryReadPartition(json));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"EventHubName\":\"events\"}")]
    [InlineData("{\"PartitionId\":\"x\"}")]
    public void TryReadPartition_WhenContextLacksAPartition_ReturnsNull(string? json) =>
        Assert.Null(PartitionContextReader.TryReadPartition(json));
}
