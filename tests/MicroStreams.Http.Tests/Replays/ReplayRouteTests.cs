using System.Net;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Replays;

/// <summary>Replays through the real routes: start (<c>POST /api/replays</c>), follow, cancel (<c>DELETE /api/replays/{id}</c>).</summary>
public sealed class ReplayRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Churn = "churn_detection";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Delete_WhileARebuildWaitsToSwitch_CancelsItAndTheLiveGenerationStays()
    {
        var user = ServerFixture.NewKey("rc");
        (await Server.PostEventAsync($"s-{user}", "user_signin", user)).Dispose();
        await Server.WaitForWorkerAsync(Churn, user, worker => worker.GetProperty("eventsApplied").GetInt64() == 1);
        var before = await Server.Runtime.EncodedWorkersAsync(Churn, withGeneration: true);

        // Partition 0 held still: the rebuild reads history, then waits for it to switch, so the cancel cannot come too late.
        await Server.Runtime.HoldPartitionAsync(0);
        HttpStatusCode startStatus, cancelStatus;
        string id;
        try
        {
            using var started = await Server.PostAsync("/api/replays", $$"""{"processor":"{{Churn}}"}""", "application/json", TestServer.AdminKey);
            startStatus = started.StatusCode;
            id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            await Server.Runtime.ReplaySwitchingAsync(id);
            using var cancelled = await Server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/replays/{id}?code={TestServer.AdminKey}"));
            cancelStatus = cancelled.StatusCode;
        }
        finally
        {
            Server.Runtime.ReleasePartition(0);
        }

        var final = await FinishedAsync(id);
        using var again = await Server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/replays/{id}?code={TestServer.AdminKey}"));

        Assert.Equal(HttpStatusCode.Accepted, startStatus);
        Assert.Equal(HttpStatusCode.Accepted, cancelStatus);
        Assert.Equal("cancelled", final.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var after = await Server.Runtime.EncodedWorkersAsync(Churn, withGeneration: true);
        Assert.Equal(before[user], after[user]);
    }

    [Fact]
    public async Task Post_ARebuildOfChurn_CompletesAndTheProjectionListReportsItsNewVersion()
    {
        var user = ServerFixture.NewKey("rv");
        (await Server.PostEventAsync($"s-{user}", "user_signin", user)).Dispose();
        await Server.WaitForWorkerAsync(Churn, user, worker => worker.GetProperty("eventsApplied").GetInt64() == 1);
        var before = await LastSignInVersionAsync();

        using var started = await Server.PostAsync("/api/replays", $$"""{"processor":"{{Churn}}"}""", "application/json", TestServer.AdminKey);
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var final = await FinishedAsync(id);
        var row = await Server.GetJsonAsync($"/api/projections/last_signin/rows/{user}");

        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.Equal(before + 1, final.GetProperty("projectionVersions").GetProperty("last_signin").GetInt64());
        Assert.Equal(before + 1, await LastSignInVersionAsync());
        Assert.Equal(1, row.GetProperty("document").GetProperty("signIns").GetInt32());
    }

    private async Task<long> LastSignInVersionAsync() =>
        (await Server.GetJsonAsync("/api/projections")).GetProperty("projections").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "last_signin").GetProperty("version").GetInt64();

    private Task<JsonElement> FinishedAsync(string id) => Eventually.GetAsync(async () =>
    {
        var replay = await Server.GetJsonAsync($"/api/replays/{id}");
        return (replay.GetProperty("status").GetString() is not ("running" or "cancelling"), replay);
    }, $"replay {id}");
}
