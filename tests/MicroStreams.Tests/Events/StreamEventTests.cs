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

    [Fact]
    public void GetString_WhenTheValueEqualsTheCurrentOne_ReturnsThatInstance_AndANewStringOtherwise()
    {
        var current = new string("a@b.c".AsSpan());
        var same = Ev.Make("user_signin", "u1", Ev.T0, """{"email":"a@b.c"}""");
        var escaped = Ev.Make("user_signin", "u1", Ev.T0, """{"email":"a\u0040b.c"}""");
        var other = Ev.Make("user_signin", "u1", Ev.T0, """{"email":"x@y.z"}""");

        Assert.Same(current, same.GetString("email", current));
        Assert.Same(current, escaped.GetString("email", current));
        Assert.Equal("x@y.z", other.GetString("email", current));
        Assert.Equal("a@b.c", same.GetString("email", null));
        Assert.Null(other.GetString("missing", current));
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
