using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Tests.Events;

public sealed class StreamEventTests
{
    [Fact]
    public void GetString_WhenEventHasNoData_ReturnsNull()
    {
        var @event = Ev.Make("user_signin", "u1", Ev.T0);

        var email = @event.GetString("email");

        Assert.Null(email);
        Assert.Equal(7m, @event.GetDecimal("price", 7m));
        Assert.False(@event.HasData);
    }

    [Theory]
    [InlineData("""{"price":12.5,"nested":{"price":1}}""", 12.5)]
    [InlineData("""{"nested":{"price":1}}""", -1)]
    [InlineData("""{"price":"12"}""", -1)]
    [InlineData("""[1,2]""", -1)]
    [InlineData("""null""", -1)]
    public void GetDecimal_WhenDataHasOrLacksATopLevelNumber_ReadsItOrFallsBack(string data, double expected)
    {
        var @event = Ev.Make("sale_complete", "u1", Ev.T0, data);

        var price = @event.GetDecimal("price", -1m);

        Assert.Equal((decimal)expected, price);
    }
}
