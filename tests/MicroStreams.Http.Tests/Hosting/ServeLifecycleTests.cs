using System.Net;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Hosting;

public sealed class ServeLifecycleTests
{
    [Fact]
    public async Task Restart_OnTheSameDataFolder_KeepsWorkersAndTheLog()
    {
        var first = await TestServer.StartAsync();
        (await first.PostEventAsync("restart-1", "user_signin", "restart-user", """{"email":"r@example.com"}""")).Dispose();
        await first.WaitForWorkerAsync("churn_detection", "restart-user", w => w.GetProperty("eventsApplied").GetInt64() == 1);
        var heads = first.Runtime.Partitions().Sum(p => p.Head);
        await first.DisposeAsync();

        await using var second = await TestServer.StartAsync(dataPath: first.DataPath);
        using var retry = await second.PostEventAsync("restart-1", "user_signin", "restart-user");

        var worker = await second.GetJsonAsync("/api/processors/churn_detection/workers/restart-user");
        Assert.Equal(1, worker.GetProperty("eventsApplied").GetInt64());
        Assert.Equal(heads, second.Runtime.Partitions().Sum(p => p.Head));
        Assert.Equal(1, JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("duplicates").GetInt32());
        second.DeleteData();
    }

    [Fact]
    public async Task Serve_WithoutConfiguredKeys_GeneratesThemIntoKeysJsonAndKeepsThemAcrossRestarts()
    {
        var first = await TestServer.StartAsync(configuredKeys: false);
        var keysFile = Path.Combine(first.DataPath, "keys.json");
        var keys = JsonDocument.Parse(await File.ReadAllTextAsync(keysFile)).RootElement;
        var functionKey = keys.GetProperty("functionKey").GetString()!;
        using var allowed = await first.Anonymous.GetAsync($"/api/processors?code={Uri.EscapeDataString(functionKey)}");
        await first.DisposeAsync();

        await using var second = await TestServer.StartAsync(configuredKeys: false, dataPath: first.DataPath);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(keysFile, second.Instance.KeysFile);
        Assert.Equal(functionKey, second.Instance.FunctionKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keysFile));
        }

        second.DeleteData();
    }

    [Fact]
    public async Task SimulatedClock_AdvancedSevenDays_FiresTheChurnTimerAndSendsTheEmail()
    {
        await using var server = await TestServer.StartAsync(simulatedClock: true);
        (await server.PostEventAsync("clock-1", "user_signin", "sleepy", """{"email":"sleepy@example.com"}""")).Dispose();
        await server.WaitForWorkerAsync("churn_detection", "sleepy", w => w.GetProperty("eventsApplied").GetInt64() == 1);

        using var advanced = await server.PostAsync("/api/admin/clock/advance?by=P8D", string.Empty, "application/json", TestServer.AdminKey);

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        var worker = await server.WaitForWorkerAsync("churn_detection", "sleepy",
            w => w.GetProperty("status").GetString() == "retired" && w.GetProperty("effects").GetArrayLength() == 1 && w.GetProperty("effects")[0].GetProperty("status").GetString() == "delivered");
        Assert.Equal("sleepy@example.com", worker.GetProperty("effects")[0].GetProperty("target").GetString());
        Assert.Contains("re-engagement", await File.ReadAllTextAsync(Path.Combine(server.DataPath, "emails.jsonl")), StringComparison.Ordinal);
        server.DeleteData();
    }

    [Fact]
    public async Task SimulatedClock_AfterARestart_ResumesWhereItStoppedAndFiresTimersOnlyWhenDue()
    {
        var first = await TestServer.StartAsync(simulatedClock: true);
        (await first.PostEventAsync("resume-1", "user_signin", "resumer", """{"email":"resumer@example.com"}""")).Dispose();
        await first.WaitForWorkerAsync("churn_detection", "resumer", w => w.GetProperty("eventsApplied").GetInt64() == 1);
        (await first.PostAsync("/api/admin/clock/advance?by=P3D", string.Empty, "application/json", TestServer.AdminKey)).Dispose();
        await first.DisposeAsync();

        await using var second = await TestServer.StartAsync(simulatedClock: true, dataPath: first.DataPath, resumeClock: true);
        var clock = await second.GetJsonAsync("/api/clock");
        var stillActive = await second.GetJsonAsync("/api/processors/churn_detection/workers/resumer");
        (await second.PostAsync("/api/admin/clock/advance?by=P5D", string.Empty, "application/json", TestServer.AdminKey)).Dispose();

        Assert.Equal(new DateTimeOffset(2025, 1, 4, 0, 0, 0, TimeSpan.Zero), clock.GetProperty("now").GetDateTimeOffset());
        Assert.Equal("active", stillActive.GetProperty("status").GetString());
        await second.WaitForWorkerAsync("churn_detection", "resumer", w => w.GetProperty("status").GetString() == "retired");
        second.DeleteData();
    }

    [Fact]
    public async Task SimulatedClock_StartBeforeTheTimeTheDataFolderReached_IsRefusedWithAClearMessage()
    {
        var first = await TestServer.StartAsync(simulatedClock: true);
        (await first.PostAsync("/api/admin/clock/advance?by=P3D", string.Empty, "application/json", TestServer.AdminKey)).Dispose();
        await first.DisposeAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(simulatedClock: true, dataPath: first.DataPath));

        Assert.Contains("never goes back", refused.Message, StringComparison.Ordinal);
        Assert.Contains("2025-01-04", refused.Message, StringComparison.Ordinal);
        Directory.Delete(first.DataPath, recursive: true);
    }

    [Theory]
    [InlineData("by=yesterday", 400)]
    [InlineData("by=-P1D", 400)]
    [InlineData("", 400)]
    public async Task ClockAdvance_WithABadDuration_Returns400(string query, int status)
    {
        await using var server = await TestServer.StartAsync(simulatedClock: true);

        using var response = await server.PostAsync($"/api/admin/clock/advance?{query}", string.Empty, "application/json", TestServer.AdminKey);

        await Problems.AssertProblemAsync(response, status);
        server.DeleteData();
    }

    [Fact]
    public async Task ClockAdvance_OnRealTime_Conflicts()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.PostAsync("/api/admin/clock/advance?by=P1D", string.Empty, "application/json", TestServer.AdminKey);

        await Problems.AssertProblemAsync(response, 409);
        server.DeleteData();
    }
}
