using System.Text.Json;

namespace MicroStreams.Http.Tests.Inspection;

/// <summary>Inspection on a simulated clock: retired workers and replaced timers.</summary>
public sealed class WorkerViewTests
{
    private static string SignIn(string id, string user, string time) =>
        TestServer.Event(id, "user_signin", user, $$"""{"email":"{{user}}@example.com"}""")[..^1] + $$""","time":"{{time}}"}""";

    [Fact]
    public async Task WorkerView_OfARetiredWorker_ShowsTheStateItRetiredWith()
    {
        await using var server = await TestServer.StartAsync(simulatedClock: true);
        (await server.PostEventAsync("retire-1", "user_signin", "leaver", """{"email":"leaver@example.com"}""")).Dispose();
        await server.WaitForWorkerAsync("churn_detection", "leaver", w => w.GetProperty("eventsApplied").GetInt64() == 1);

        (await server.PostAsync("/api/admin/clock/advance?by=P8D", string.Empty, "application/json", TestServer.AdminKey)).Dispose();
        var worker = await server.WaitForWorkerAsync("churn_detection", "leaver", w => w.GetProperty("status").GetString() == "retired");

        var state = worker.GetProperty("state");
        Assert.Equal(JsonValueKind.Object, state.ValueKind);
        Assert.Equal(1, state.GetProperty("signIns").GetInt32());
        Assert.Equal("leaver@example.com", state.GetProperty("email").GetString());
        Assert.Empty(worker.GetProperty("timers").EnumerateArray());
        server.DeleteData();
    }

    [Fact]
    public async Task Partitions_AfterATimerIsReplaced_CountOnlyTheLiveTimerAndReportItsDue()
    {
        await using var server = await TestServer.StartAsync(simulatedClock: true);
        var body = $"[{SignIn("twice-1", "twice", "2025-01-01T00:00:00Z")},{SignIn("twice-2", "twice", "2025-01-02T00:00:00Z")}]";
        (await server.PostAsync("/api/events", body, "application/cloudevents-batch+json")).Dispose();
        await server.WaitForWorkerAsync("churn_detection", "twice", w => w.GetProperty("eventsApplied").GetInt64() == 2);

        var partitions = (await server.GetJsonAsync("/api/partitions")).EnumerateArray().ToList();

        Assert.Equal(1, partitions.Sum(p => p.GetProperty("armedTimers").GetInt32()));
        var next = Assert.Single(partitions, p => p.GetProperty("nextTimerDue").ValueKind == JsonValueKind.String);
        Assert.Equal(new DateTimeOffset(2025, 1, 9, 0, 0, 0, TimeSpan.Zero), next.GetProperty("nextTimerDue").GetDateTimeOffset());
        server.DeleteData();
    }

    [Fact]
    public async Task WorkerView_RecentEvents_IncludeOnesFarBackInTheLog()
    {
        await using var server = await TestServer.StartAsync(runtime: options => options.Partitions = 1);
        (await server.PostEventAsync("far-1", "user_signin", "far")).Dispose();
        for (var batch = 0; batch < 21; batch++)
        {
            var noise = Enumerable.Range(0, 5_000).Select(i => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(TestServer.Event($"noise-{batch}-{i}", "noise", $"n-{i}"))).ToList();
            Assert.True((await server.Runtime.IngestAsync(noise)).Accepted);
        }

        (await server.PostEventAsync("far-2", "user_signin", "far")).Dispose();

        var worker = await server.WaitForWorkerAsync("churn_detection", "far", w => w.GetProperty("eventsApplied").GetInt64() == 2);

        Assert.Equal(["far-2", "far-1"], worker.GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        server.DeleteData();
    }
}
