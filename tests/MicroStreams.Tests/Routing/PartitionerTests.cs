using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Routing;

namespace MicroStreams.Tests.Routing;

public sealed class PartitionerTests
{
    [Theory]
    [InlineData("", 2166136261u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void PartitionOf_WhenGivenAKey_IsFnv1aOfItsUtf8BytesModuloTheCount(string key, uint fnv1a)
    {
        var partition = Partitioner.PartitionOf(key, 1000);

        Assert.Equal((int)(fnv1a % 1000), partition);
    }

    [Fact]
    public void PartitionOf_ForAnyKeyAndCount_IsInRangeAndStable()
    {
        var property = Prop.ForAll(
            ArbMap.Default.ArbFor<string>().Filter(s => s is not null),
            Gen.Choose(1, 1024).ToArbitrary(),
            (key, count) =>
            {
                var first = Partitioner.PartitionOf(key, count);
                return first >= 0 && first < count && first == Partitioner.PartitionOf(new string(key.AsSpan()), count);
            });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PartitionOf_WhenKeyIsLongerThanTheStackBuffer_StillHashesEveryByte()
    {
        var key = new string('k', 300);

        var partition = Partitioner.PartitionOf(key, 1 << 30);

        Assert.NotEqual(partition, Partitioner.PartitionOf(key[..299] + "j", 1 << 30));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void PartitionOf_WhenCountIsNotPositive_Throws(int count)
    {
        Action act = () => Partitioner.PartitionOf("u1", count);

        Assert.Throws<ArgumentOutOfRangeException>(act);
    }
}
