using System.Net;

namespace MicroStreams.Http.Tests.Ingest;

/// <summary>
/// Event time per Segment's spec, against a serve whose simulated clock stands at 2025-01-01T00:00Z: that is
/// <c>receivedAt</c>, the server's own clock, which corrects the device's. Times stay within the 7 days before it, so no
/// churn timer fires and retires the worker before the test reads its state.
/// </summary>
public sealed class SegmentEventTimeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(simulatedClock: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The event time the churn worker applied (its last sign-in), which is the log's arrival time when the event has none.</summary>
    private async Task<DateTimeOffset> TimeOfAsync(string path, Func<string, string> body)
    {
        var user = ServerFixture.NewKey("time");
        using var response = await _server.PostAsync(path, body(user), "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var worker = await _server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        return worker.GetProperty("state").GetProperty("lastSignIn").GetDateTimeOffset();
    }

    [Fact]
    public async Task Track_WhenDeviceClockIsAnHourAhead_CorrectsOriginalTimestampBySentAt()
    {
        var time = await TimeOfAsync("/v1/track", user =>
            $$"""{"type":"track","event":"user_signin","userId":"{{user}}","originalTimestamp":"2025-01-01T00:59:00Z","sentAt":"2025-01-01T01:00:00Z"}""");

        Assert.Equal(ReceivedAt.AddMinutes(-1), time);
    }

    [Fact]
    public async Task Batch_WhenOnlyTheBatchHasSentAt_CorrectsByIt()
    {
        var time = await TimeOfAsync("/v1/batch", user =>
            $$"""{"sentAt":"2025-01-02T00:00:00Z","batch":[{"type":"track","event":"user_signin","userId":"{{user}}","originalTimestamp":"2025-01-01T00:00:00Z"}]}""");

        Assert.Equal(ReceivedAt.AddDays(-1), time);
    }

    [Fact]
    public async Task Track_WhenTimestampIsSet_UsesItAsSent()
    {
        var time = await TimeOfAsync("/v1/track", user =>
            $$"""{"type":"track","event":"user_signin","userId":"{{user}}","timestamp":"2024-12-28T12:00:00Z","originalTimestamp":"2024-12-31T00:00:00Z","sentAt":"2025-01-01T00:00:00Z"}""");

        Assert.Equal(new DateTimeOffset(2024, 12, 28, 12, 0, 0, TimeSpan.Zero), time);
    }

    [Fact]
    public async Task Track_WhenOnlyOriginalTimestampIsSet_UsesIt()
    {
        var time = await TimeOfAsync("/v1/track", user =>
            $$"""{"type":"track","event":"user_signin","userId":"{{user}}","originalTimestamp":"2024-12-30T08:00:00Z","receivedAt":"2020-01-01T00:00:00Z"}""");

        Assert.Equal(new DateTimeOffset(2024, 12, 30, 8, 0, 0, TimeSpan.Zero), time);
    }

    [Fact]
    public async Task Track_WhenNoTimeIsGiven_TakesTheArrivalTime()
    {
        var time = await TimeOfAsync("/v1/track", user => $$"""{"type":"track","event":"user_signin","userId":"{{user}}","sentAt":"2030-01-01T00:00:00Z"}""");

        Assert.Equal(ReceivedAt, time);
    }

    [Theory]
    [InlineData("originalTimestamp", "\"last week\"")]
    [InlineData("sentAt", "1735689600")]
    public async Task Track_WhenATimeFieldIsNotIso8601_Returns400NamingIt(string field, string value)
    {
        var body = $$"""{"type":"track","event":"user_signin","userId":"u","{{field}}":{{value}}}""";

        using var response = await _server.PostAsync("/v1/track", body, "application/json");

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.Equal([field], Problems.Errors(problem).Select(e => e.Field));
    }
}
