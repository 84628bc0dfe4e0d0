using System.Text;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Replay;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class RecordPeekTests
{
    private static readonly DateTimeOffset Accepted = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RecordPeek _peek = new(["user_signin"]);

    /// <summary>Classifies the record as read from the log both with and without the validated mark: the two scans must agree.</summary>
    private PeekKind Classify(string json, out DateTimeOffset time)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var kind = _peek.Classify(new LogRecord(0, 1, Accepted, bytes), out time);
        var validatedKind = _peek.Classify(new LogRecord(0, 1, Accepted, bytes, Validated: true), out var validatedTime);
        Assert.Equal(kind, validatedKind);
        if (kind == PeekKind.Other)
        {
            Assert.Equal(time, validatedTime);
        }

        return kind;
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"user_signin","subject":"u"}""")]
    [InlineData("""{"data":{"type":"sale_complete"},"type":"user_signin","time":"not a time"}""")]
    [InlineData("""{"type":"sale_complete","type":"user_signin"}""")]
    public void Classify_WhenATypeIsSubscribed_SaysSubscribed(string json) =>
        Assert.Equal(PeekKind.Subscribed, Classify(json, out _));

    [Fact]
    public void Classify_WhenTheTypeIsAnother_SaysOtherWithTheEventTime()
    {
        var kind = Classify("""{"id":"1","type":"sale_complete","data":{"type":"user_signin","time":"2020-01-01T00:00:00Z"},"time":"2025-03-02T10:00:00+01:00"}""", out var time);

        Assert.Equal(PeekKind.Other, kind);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 9, 0, 0, TimeSpan.Zero), time);
    }

    [Fact]
    public void Classify_WhenAnotherTypeHasNoTime_SaysOtherWithTheTimeTheLogAcceptedIt()
    {
        var kind = Classify("""{"id":"1","type":"sale_complete"}""", out var time);

        Assert.Equal(PeekKind.Other, kind);
        Assert.Equal(Accepted, time);
    }

    [Theory]
    [InlineData("""{"type":"user\u005fsignin"}""")]
    [InlineData("""{"type":7}""")]
    [InlineData("""{"type":"sale_complete","time":"yesterday"}""")]
    [InlineData("""{"type":"sale_complete","time":17}""")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""["type","user_signin"]""")]
    [InlineData("""{"type":"sale_complete","data":{""")]
    public void Classify_WhenTheRecordIsOutOfTheOrdinary_SaysUnsure(string json) =>
        Assert.Equal(PeekKind.Unsure, Classify(json, out _));
}
