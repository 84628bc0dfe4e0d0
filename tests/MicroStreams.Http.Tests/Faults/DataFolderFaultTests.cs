using System.Net;
using System.Text;
using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Effects;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Tests.Cli;
using MicroStreams.Workers;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Http.Tests.Faults;

/// <summary>The data folder on a real small file system (tmpfs) that fills up or is read-only.</summary>
public sealed class DataFolderFaultTests
{
    private const int Users = 200;

    [SmallFileSystemFact]
    public Task Ingest_WhenTheDataFolderFillsUp_Answers503ThenResumesByItselfOnceSpaceIsFreedKeepingEverythingAcknowledged() =>
        FillFreeAndCheckAsync(simulatedClock: false);

    [SmallFileSystemFact]
    public Task Ingest_WhenTheDataFolderFillsUpOnASimulatedClock_ResumesByItselfWithoutTheClockMoving() =>
        FillFreeAndCheckAsync(simulatedClock: true);

    private static async Task FillFreeAndCheckAsync(bool simulatedClock)
    {
        using var disk = SmallFileSystem.Mount(megabytes: 8);
        var ballast = disk.Ballast(3 << 20); // the space an operator frees once the disk is full
        var data = Path.Combine(disk.Path, "data");
        var acknowledged = new List<string>();
        var server = await TestServer.StartAsync(dataPath: data, simulatedClock: simulatedClock);
        var passed = false;
        try
        {
            // Ingest until the file system is full: every answer is either "stored" or "full, retry later".
            HttpResponseMessage? full = null;
            for (var batch = 0; full is null; batch++)
            {
                Assert.True(batch < 20_000, "the 8 MB file system never filled up");
                var ids = Enumerable.Range(0, 40).Select(i => $"full-{batch}-{i}").ToList();
                var response = await server.PostAsync("/api/events", Batch(ids, batch), "application/cloudevents-batch+json");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.AddRange(ids);
                    response.Dispose();
                }
                else
                {
                    full = response;
                }
            }

            using (full)
            {
                var text = await full.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
                Assert.True(full.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {full.Headers.RetryAfter}");
                Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
                Assert.EndsWith("/storage-full", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
            }

            // Whatever else wants space (the consumers' commits) is refused too while the disk is full; then space is freed.
            var filler = disk.FillUp();
            await Task.Delay(TimeSpan.FromSeconds(2));
            File.Delete(filler);
            File.Delete(ballast);

            var after = await Eventually.GetAsync(async () =>
            {
                using var retry = await server.PostAsync("/api/events", Batch(["after-0"], 0), "application/cloudevents-batch+json");
                return (retry.StatusCode == HttpStatusCode.OK, retry.StatusCode);
            }, "ingest after space was freed");
            Assert.Equal(HttpStatusCode.OK, after);
            acknowledged.Add("after-0");

            await Eventually.GetAsync(() => Task.FromResult((server.Runtime.Backlog() == 0, 0)), "the consumers to catch up after space was freed");
            Assert.Equal(acknowledged.Count, server.Runtime.Partitions().Sum(p => p.Head));
            Assert.Equal(acknowledged.Count, await EventsAppliedAsync(server.Runtime));
            await server.DisposeAsync();

            foreach (var file in new[] { "log.db", "state.db" })
            {
                using var connection = new SqliteConnection($"Data Source={Path.Combine(data, file)};Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var check = connection.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", check.ExecuteScalar());
            }

            server = await TestServer.StartAsync(dataPath: data, simulatedClock: simulatedClock, resumeClock: true);
            Assert.Equal(acknowledged.Count, server.Runtime.Partitions().Sum(p => p.Head));
            Assert.Equal(acknowledged.Count, await EventsAppliedAsync(server.Runtime));
            passed = true;
        }
        finally
        {
            try
            {
                await server.DisposeAsync();
            }
            catch (Exception) when (!passed)
            {
                // A failed assertion while the disk is still full: keep its message rather than the shutdown's.
            }
        }
    }

    [SmallFileSystemFact]
    public async Task FileSink_OnAFullFileSystem_AsksForARetryKeepsOnlyWholeLinesAndDeliversOnceSpaceIsFreed()
    {
        using var disk = SmallFileSystem.Mount(megabytes: 1);
        var path = Path.Combine(disk.Path, "emails.jsonl");
        using var sink = new FileSink("email", path);
        var big = new string('x', 16 * 1024);
        var delivered = 0;
        EffectDeliveryResult result;
        do
        {
            result = await sink.SendAsync(Email(delivered, big), CancellationToken.None);
            delivered += result.Status == EffectDeliveryStatus.Delivered ? 1 : 0;
            Assert.True(delivered < 1000, "the 1 MB file system never filled up");
        }
        while (result.Status == EffectDeliveryStatus.Delivered);

        Assert.Equal(EffectDeliveryStatus.Retry, result.Status);
        Assert.Equal(delivered, WholeLines(path));
        File.WriteAllText(path, string.Empty); // space freed (the lines were read by someone)

        Assert.Equal(EffectDeliveryStatus.Delivered, (await sink.SendAsync(Email(delivered, big), CancellationToken.None)).Status);
        Assert.Equal(1, WholeLines(path));
    }

    [SmallFileSystemFact]
    public async Task Serve_OnAReadOnlyDataFolder_FailsAtStartWithOneClearError()
    {
        using var disk = SmallFileSystem.Mount(megabytes: 1);
        disk.RemountReadOnly();

        var refused = await Assert.ThrowsAsync<DataFolderException>(() => TestServer.StartAsync(dataPath: disk.Path));
        var cli = await CliProcess.RunAsync("serve", "--port", "0", "--data", disk.Path);

        Assert.StartsWith($"cannot write to the data folder {disk.Path} (", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, cli.ExitCode);
        Assert.Equal($"error: {refused.Message}", cli.Errors.Trim());
    }

    [Fact]
    public async Task Serve_OnADataFolderWhoseParentIsMissing_FailsAtStartWithOneClearError()
    {
        var data = Path.Combine(Path.GetTempPath(), "ms-missing-" + Guid.NewGuid().ToString("N"), "data");

        var refused = await Assert.ThrowsAsync<DataFolderException>(() => TestServer.StartAsync(dataPath: data));

        Assert.Contains("is missing", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(data)));
    }

    private static string Batch(IEnumerable<string> ids, int salt) =>
        "[" + string.Join(',', ids.Select((id, i) => TestServer.Event(id, "user_signin", $"user-{(salt * 40 + i) % Users}", $$"""{"email":"u{{i}}@example.com","pad":"{{new string('p', 200)}}"}"""))) + "]";

    private static async Task<long> EventsAppliedAsync(EmbeddedRuntime runtime)
    {
        long applied = 0;
        for (var u = 0; u < Users; u++)
        {
            applied += (await runtime.GetWorkerAsync(new WorkerId("churn_detection", $"user-{u}")))?.EventsApplied ?? 0;
        }

        return applied;
    }

    private static Effect Email(int n, string padding) =>
        new($"ef_{n}", new WorkerId("churn_detection", $"u{n}"), "email", $"u{n}@example.com", JsonSerializer.Serialize(new { n, padding }), DateTimeOffset.UnixEpoch);

    private static int WholeLines(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the file ends in the middle of a line");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        return lines.Length;
    }
}
