using System.Diagnostics;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Clients;

/// <summary>
/// Clients nobody here wrote, against a running serve: the npm CloudEvents SDK (structured and binary HTTP
/// messages), Segment's analytics-node and RudderStack's rudder-sdk-node (which gzips by default). node_modules come from eng/install-test-deps.sh (npm ci); when they are
/// missing the tests fail with that instruction instead of skipping.
/// </summary>
public sealed class NpmClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task CloudEventsSdk_StructuredAndBinary_AreAppliedToTheWorker()
    {
        var user = ServerFixture.NewKey("ce");

        var output = await RunNodeAsync("cloudevents-client.js", Server.BaseAddress.ToString().TrimEnd('/'), TestServer.FunctionKey, user);

        Assert.Contains("\"accepted\":1", output, StringComparison.Ordinal);
        var worker = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 2);
        var sources = worker.GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("event").GetProperty("source").GetString()).Distinct();
        Assert.Equal(["npm/cloudevents"], sources);
        Assert.Contains("@binary.example", worker.GetProperty("state").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmentAnalyticsNode_TrackAndIdentify_AreAppliedToTheWorkers()
    {
        var user = ServerFixture.NewKey("seg");

        await RunNodeAsync("segment-client.js", Server.BaseAddress.ToString().TrimEnd('/'), TestServer.FunctionKey, user);

        var sales = await Server.WaitForWorkerAsync("sales_milestone", user, w => w.GetProperty("eventsApplied").GetInt64() == 2);
        Assert.Contains("40", sales.GetProperty("state").GetRawText(), StringComparison.Ordinal);
        var churn = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        var signin = churn.GetProperty("recentEvents")[0].GetProperty("event");
        Assert.Equal("segment", signin.GetProperty("source").GetString());
        Assert.Equal(user, signin.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task RudderSdkNode_AtItsDefaultsWithGzip_IsAppliedWithTheDeviceEventTime()
    {
        var user = ServerFixture.NewKey("rud");

        var output = await RunNodeAsync("rudder-client.js", Server.BaseAddress.ToString().TrimEnd('/'), TestServer.FunctionKey, user);

        using var sent = JsonDocument.Parse(output);
        Assert.Equal(["gzip"], sent.RootElement.GetProperty("encodings").EnumerateArray().Select(e => e.GetString()).Distinct());
        var sales = await Server.WaitForWorkerAsync("sales_milestone", user, w => w.GetProperty("eventsApplied").GetInt64() == 2);
        Assert.Contains("40", sales.GetProperty("state").GetRawText(), StringComparison.Ordinal);
        var churn = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        var signedInAt = sent.RootElement.GetProperty("signedInAt").GetDateTimeOffset();
        var time = churn.GetProperty("recentEvents")[0].GetProperty("event").GetProperty("time").GetDateTimeOffset();
        Assert.InRange(time, signedInAt.AddMinutes(-1), signedInAt.AddMinutes(1));
    }

    internal static string ClientsFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "cannot find the repository root (Serverless.sln) above the test binaries");
        return Path.Combine(directory!.FullName, "tests", "clients");
    }

    private static async Task<string> RunNodeAsync(string script, params string[] arguments)
    {
        var folder = ClientsFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "cloudevents")) && Directory.Exists(Path.Combine(folder, "node_modules", "@segment", "analytics-node"))
            && Directory.Exists(Path.Combine(folder, "node_modules", "@rudderstack", "rudder-sdk-node")),
            $"{folder}/node_modules is missing: run eng/install-test-deps.sh (npm ci --prefix tests/clients)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start: is Node.js installed?");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 60 s");
        }

        Assert.True(process.ExitCode == 0, $"node {script} exited {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }
}
