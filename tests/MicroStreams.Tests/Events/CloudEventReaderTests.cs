using System.Text;
using MicroStreams.Events;
using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Tests.Events;

public sealed class CloudEventReaderTests
{
    private static readonly EventPosition Position = new(3, 42);

    private static EventReadResult Read(string json, EventLimits? limits = null) =>
        CloudEventReader.Read(Encoding.UTF8.GetBytes(json), Position, Ev.T0, limits);

    [Fact]
    public void Read_WhenEventIsValid_ReturnsItsAttributesPositionAndData()
    {
        const string json = """
            {"specversion":"1.0","id":"e1","source":"/shop","type":"sale_complete","subject":"u1",
             "time":"2025-03-01T10:00:00Z","datacontenttype":"application/json","data":{"price":12.5,"email":"a@b.c"}}
            """;

        var result = Read(json);

        Assert.True(result.IsValid);
        var e = result.Event;
        Assert.Equal(("e1", "/shop", "sale_complete", "u1"), (e.Id, e.Source, e.Type, e.Subject));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), e.Time);
        Assert.Equal("u1", e.RoutingKey);
        Assert.Equal(Position, e.Position);
        Assert.Equal(12.5m, e.GetDecimal("price"));
        Assert.Equal("a@b.c", e.GetString("email"));
        Assert.Equal(json, Encoding.UTF8.GetString(e.Raw.Span));
    }

    [Fact]
    public void Read_WhenPartitionKeyIsSet_RoutesByItInsteadOfSubject()
    {
        var result = Read("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u1","partitionkey":"tenant-7"}""");

        Assert.Equal("tenant-7", result.Event!.RoutingKey);
    }

    [Fact]
    public void Read_WhenTimeIsAbsent_UsesTheTimeTheLogAcceptedIt()
    {
        var result = Read("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u1"}""");

        Assert.Equal(Ev.T0, result.Event!.Time);
        Assert.False(result.Event.HasData);
    }

    [Fact]
    public void Read_WhenEventWasWrittenByWrite_RoundTrips()
    {
        var raw = CloudEventReader.Write("e9", "src", "user_signin", "u9", Ev.T0, """{"email":"u9@x.y"}""", "pk");

        var result = CloudEventReader.Read(raw, Position, default);

        Assert.Equal(("e9", "src", "user_signin", "u9", "pk", Ev.T0), (result.Event!.Id, result.Event.Source, result.Event.Type, result.Event.Subject, result.Event.PartitionKey, result.Event.Time));
        Assert.Equal("u9@x.y", result.Event.GetString("email"));
    }

    [Theory]
    [InlineData("""{"id":"e1","source":"s","type":"t","subject":"u"}""", "specversion")]
    [InlineData("""{"specversion":"0.3","id":"e1","source":"s","type":"t","subject":"u"}""", "specversion")]
    [InlineData("""{"specversion":"1.0","source":"s","type":"t","subject":"u"}""", "id")]
    [InlineData("""{"specversion":"1.0","id":"","source":"s","type":"t","subject":"u"}""", "id")]
    [InlineData("""{"specversion":"1.0","id":"e1","type":"t","subject":"u"}""", "source")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","subject":"u"}""", "type")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","time":"last tuesday"}""", "time")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","time":1700000000}""", "time")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t"}""", "subject")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","data":{},"data_base64":"AA=="}""", "data")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","Tenant":"x"}""", "Tenant")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","averyveryverylongextension":"x"}""", "averyveryverylongextension")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","tenant":{"a":1}}""", "tenant")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","dataschema":["x"]}""", "dataschema")]
    [InlineData("""{"specversion":"1.0","id":42,"source":"s","type":"t","subject":"u"}""", "id")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":null}""", "subject")]
    [InlineData("""[{"specversion":"1.0"}]""", "$")]
    [InlineData("\"just a string\"", "$")]
    [InlineData("""{"specversion":"1.0","id":"e1",""", "$")]
    [InlineData("not json at all", "$")]
    [InlineData("", "$")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u"}{}""", "$")]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u"} x""", "$")]
    public void Read_WhenEventIsInvalid_NamesTheFieldAtFault(string json, string field)
    {
        var result = Read(json);

        Assert.False(result.IsValid);
        Assert.Equal(field, result.Rejection.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Reason));
    }

    [Fact]
    public void Read_WhenDataIsNotValidUtf8_RejectsTheEvent()
    {
        byte[] json = [.. """{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","data":"a"""u8, 0xFF, .. "\"}"u8];

        var result = CloudEventReader.Read(json, default, default);

        Assert.Equal("$", result.Rejection!.Field);
        Assert.Contains("UTF-8", result.Rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTheEventEndsInWhitespace_AcceptsIt()
    {
        Assert.True(Read("{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"} \r\n").IsValid);
    }

    [Fact]
    public void Read_WhenEventIsLargerThanTheLimit_RejectsItWithItsSize()
    {
        var json = $$"""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","data":"{{new string('x', 2000)}}"}""";

        var result = Read(json, new EventLimits { MaxEventBytes = 1024 });

        Assert.Equal("$", result.Rejection!.Field);
        Assert.Contains("1024", result.Rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenExtensionIsAScalar_AcceptsIt()
    {
        var result = Read("""{"specversion":"1.0","id":"e1","source":"s","type":"t","subject":"u","tenant":"acme","retries":3,"vip":true}""");

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Read_WhenAttributeNamesAreEscaped_ReadsThemAsTheirUnescapedNames()
    {
        var read = CloudEventReader.Read("""{"specversion":"1.0","\u0069d":"e1","source":"/s","\u0074ype":"t","subject":"u"}"""u8.ToArray(), default, default);

        Assert.True(read.IsValid, $"{read.Rejection}");
        Assert.Equal(("e1", "t"), (read.Event.Id, read.Event.Type));
    }
}
