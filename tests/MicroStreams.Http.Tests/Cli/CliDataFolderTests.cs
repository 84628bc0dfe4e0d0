namespace MicroStreams.Http.Tests.Cli;

/// <summary>The commands that read an existing data folder, run as the real executable on a missing or an empty folder.</summary>
public sealed class CliDataFolderTests
{
    public static TheoryData<string, string[]> Commands() => new()
    {
        { "missing", ["replay", "status"] },
        { "empty", ["replay", "status"] },
        { "missing", ["replay", "status", "some-id"] },
        { "empty", ["replay", "cancel", "some-id"] },
        { "missing", ["replay", "cancel", "some-id"] },
        { "empty", ["replay", "start", "--processor", "churn_detection"] },
        { "missing", ["replay", "start", "--processor", "churn_detection", "--shadow"] },
        { "empty", ["export", "--out", "ARCHIVE"] },
        { "missing", ["export", "--out", "ARCHIVE"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_OnAMissingOrEmptyDataFolder_SaysSoClearlyExitsNonZeroAndCreatesNothing(string folder, string[] command)
    {
        var root = Path.Combine(Path.GetTempPath(), "ms-cli-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        if (folder == "empty")
        {
            Directory.CreateDirectory(data);
        }

        try
        {
            var archive = Path.Combine(root, "archive");
            var run = await CliProcess.RunAsync([.. command.Select(a => a == "ARCHIVE" ? archive : a), "--data", data]);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"error: {data} holds no MicroStreams data (it needs the log.db and state.db that serve writes): pass the folder serve runs on with --data, or start serve there first", run.Errors.Trim());
            Assert.Equal(folder == "empty", Directory.Exists(data));
            Assert.Empty(folder == "empty" ? Directory.GetFileSystemEntries(data) : []);
            Assert.False(Directory.Exists(archive));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ReplayStatus_OnAFolderServeWrote_ListsNothingWritesNothingAndSucceeds()
    {
        await using var server = await TestServer.StartAsync();
        await server.DisposeAsync();
        var before = Directory.GetFiles(server.DataPath).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var run = await CliProcess.RunAsync("replay", "status", "--data", server.DataPath);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Errors);
        Assert.Equal(before, Directory.GetFiles(server.DataPath).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        server.DeleteData();
    }

    [Theory]
    [InlineData("--start", "2025-01-01T00:00:00Z")]
    [InlineData("--simulated-clock", "--start", "yesterday")]
    public async Task Serve_WithABadStart_SaysWhyAndExits2(params string[] arguments)
    {
        var data = Path.Combine(Path.GetTempPath(), "ms-cli-" + Guid.NewGuid().ToString("N"));

        var run = await CliProcess.RunAsync(["serve", "--port", "0", "--data", data, .. arguments]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --start", run.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }
}
