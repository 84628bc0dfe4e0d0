using MicroStreams.Functions.Orchestration;

namespace MicroStreams.Functions.Tests.Orchestration;

public sealed class InstanceIdsTests
{
    [Fact]
    public void ApplyBatch_WhenTheSameBatchIsRedelivered_GivesTheSameId()
    {
        var first = InstanceIds.ApplyBatch("events", "router", 3, 100, 199);

        var again = InstanceIds.ApplyBatch("events", "router", 3, 100, 199);

        Assert.Equal("batch!events!router!3!100-199", first);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData("events", "router", 4, 100, 199)]
    [InlineData("events", "router", 3, 100, 200)]
    [InlineData("events", "archive", 3, 100, 199)]
    [InlineData("other", "router", 3, 100, 199)]
    public void ApplyBatch_WhenAnyPartOfTheBatchIdentityDiffers_GivesADifferentId(string hub, string group, int partition, long first, long last) =>
        Assert.NotEqual(InstanceIds.ApplyBatch("events", "router", 3, 100, 199), InstanceIds.ApplyBatch(hub, group, partition, first, last));

    [Fact]
    public void ApplyBatch_WhenNamesAreLongOrUnusual_StaysBoundedAndFreeOfReservedCharacters()
    {
        var id = InstanceIds.ApplyBatch(new string('h', 80) + "/#?", "$Default", 31, long.MaxValue - 1, long.MaxValue);

        Assert.True(id.Length <= InstanceIds.MaxLength);
        Assert.DoesNotContain(id, c => c is '/' or '\\' or '#' or '?' or '$');
        Assert.Equal(id, InstanceIds.ApplyBatch(new string('h', 80) + "/#?", "$Default", 31, long.MaxValue - 1, long.MaxValue));
    }

    [Theory]
    [InlineData("churn_detection", "user-42")]
    [InlineData("push_delivery", "acme#3")]
    [InlineData("p", "a/b?c d!é@x~7E")]
    public void EntityKeys_WhenKeysHoldReservedCharacters_RoundTripThroughASafeKey(string processor, string key)
    {
        var id = EntityKeys.For(processor, key);

        var (worker, generation) = EntityKeys.Parse(id.Key);

        Assert.Equal((processor, key, 0L), (worker.Processor, worker.Key, generation));
        Assert.Equal("processorentity", id.Name);
        Assert.DoesNotContain(id.Key, c => c is '/' or '\\' or '#' or '?' or '@' or ' ');
    }

    [Fact]
    public void EntityKeys_WhenAGenerationIsGiven_KeepsItApartFromTheLiveWorker()
    {
        var live = EntityKeys.For("churn", "u1");
        var rebuilt = EntityKeys.For("churn", "u1", generation: 2);

        Assert.NotEqual(live, rebuilt);
        Assert.Equal(2, EntityKeys.Parse(rebuilt.Key).Generation);
    }
}
