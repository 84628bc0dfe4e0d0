using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Tests.Events;

public sealed class StreamEventFieldsTests
{
    private static StreamEvent WithData(string? data) => Ev.Make("t", "u1", Ev.T0, data);

    [Theory]
    [InlineData("""{"price":12.5}""", 12.5)]
    [InlineData("""{"other":"x","price":-3}""", -3)]
    public void RequireDecimal_WhenFieldIsANumber_ReadsIt(string data, double expected)
    {
        var price = WithData(data).RequireDecimal("price");

        Assert.Equal((decimal)expected, price);
    }

    [Theory]
    [InlineData("""{"price":"abc"}""", "price: expected a number, got string \"abc\"")]
    [InlineData("""{"price":"12.5"}""", "price: expected a number, got string \"12.5\"")]
    [InlineData("""{"price":true}""", "price: expected a number, got boolean true")]
    [InlineData("""{"price":null}""", "price: expected a number, got null")]
    [InlineData("""{"price":{"amount":5}}""", "price: expected a number, got an object")]
    [InlineData("""{"price":[5]}""", "price: expected a number, got an array")]
    [InlineData("""{"price":1e400}""", "price: expected a number within the range of a decimal, got number 1e400")]
    [InlineData("""{"cost":5}""", "price: expected a number, but the data has no 'price'")]
    [InlineData("""[5]""", "price: expected a number, but the event's data is an array, not an object")]
    [InlineData(null, "price: expected a number, but the event has no data")]
    public void RequireDecimal_WhenFieldIsMissingOrNotANumber_ThrowsNamingTheFieldAndItsType(string? data, string message)
    {
        var error = Assert.Throws<EventDataException>(() => WithData(data).RequireDecimal("price"));

        Assert.Equal(message, error.Message);
        Assert.Equal("price", error.Field);
    }

    [Theory]
    [InlineData("""{"email":"a@example.com"}""", "a@example.com")]
    [InlineData("""{"email":"caf\u00e9@example.com"}""", "café@example.com")]
    [InlineData("""{"email":null}""", null)]
    [InlineData("""{"name":"x"}""", null)]
    [InlineData(null, null)]
    public void OptionalString_WhenFieldIsAStringAbsentOrNull_ReadsItOrNull(string? data, string? expected)
    {
        var email = WithData(data).OptionalString("email");

        Assert.Equal(expected, email);
    }

    [Theory]
    [InlineData("""{"email":42}""", "email: expected a string, got number 42")]
    [InlineData("""{"email":false}""", "email: expected a string, got boolean false")]
    [InlineData("""{"email":["a@example.com"]}""", "email: expected a string, got an array")]
    public void OptionalString_WhenFieldHoldsAnotherType_Throws(string data, string message)
    {
        var error = Assert.Throws<EventDataException>(() => WithData(data).OptionalString("email"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"tenant":"acme"}""", null)]
    [InlineData("""{"tenant":7}""", "tenant: expected a string, got number 7")]
    [InlineData("""{"tenant":null}""", "tenant: expected a string, but it is null")]
    [InlineData("""{}""", "tenant: expected a string, but the data has no 'tenant'")]
    public void RequireString_WhenFieldIsNotAString_Throws(string data, string? message)
    {
        var read = () => WithData(data).RequireString("tenant");

        if (message is null)
        {
            Assert.Equal("acme", read());
        }
        else
        {
            Assert.Equal(message, Assert.Throws<EventDataException>(read).Message);
        }
    }

    [Fact]
    public void RequireString_WhenTheStringIsLong_ShowsOnlyItsStart()
    {
        var error = Assert.Throws<EventDataException>(() => WithData($$"""{"price":"{{new string('x', 500)}}"}""").RequireDecimal("price"));

        Assert.True(error.Message.Length < 100, error.Message);
    }

    [Theory]
    [InlineData("""{"f":"x"}""", JsonValueKind.String)]
    [InlineData("""{"f":1}""", JsonValueKind.Number)]
    [InlineData("""{"f":null}""", JsonValueKind.Null)]
    [InlineData("""{"f":{}}""", JsonValueKind.Object)]
    [InlineData("""{"g":1}""", JsonValueKind.Undefined)]
    [InlineData("""[1]""", JsonValueKind.Undefined)]
    public void KindOf_ReportsTheMembersJsonType(string data, JsonValueKind kind)
    {
        Assert.Equal(kind, WithData(data).KindOf("f"));
    }
}
