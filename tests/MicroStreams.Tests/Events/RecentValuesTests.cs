using System.Text;
using MicroStreams.Events;

namespace MicroStreams.Tests.Events;

public sealed class RecentValuesTests
{
    private static readonly EventPosition Position = new(0, 1);

    private static StreamEvent Read(string type, string source) =>
        CloudEventReader.Read(Encoding.UTF8.GetBytes($$"""{"specversion":"1.0","id":"{{Guid.NewGuid():N}}","source":"{{source}}","type":"{{type}}","subject":"u1"}"""), Position, default).Event!;

    [Fact]
    public void Read_WhenTwoEventsHaveTheSameTypeAndSource_ShareOneStringForEach()
    {
        var first = Read("user_signin", "/shop");
        var second = Read("user_signin", "/shop");

        Assert.Same(first.Type, second.Type);
        Assert.Same(first.Source, second.Source);
    }

    [Fact]
    public void Read_WhenMoreDistinctTypesThanSlotsAlternate_ReturnsEachValueExactly()
    {
        string[] types = ["a", "b", "c", "d", "e", "f", "a", @"\u0061b", "ab", "é"];

        var read = types.Select(t => Read(t, "s").Type).ToArray();

        Assert.Equal(["a", "b", "c", "d", "e", "f", "a", "ab", "ab", "é"], read);
    }
}
