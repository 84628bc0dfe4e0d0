using System.CommandLine;
using MicroStreams.Cli.Infrastructure;

namespace MicroStreams.Cli.Commands;

/// <summary><c>microstreams export</c>: the embedded log as the archive the Functions app writes (NDJSON CloudEvents, gzip, Hive folders), so history moves between hosts.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder (as for serve).", DefaultValueFactory = _ => new DirectoryInfo(".microstreams") };
        var output = new Option<DirectoryInfo>("--out") { Description = "Archive folder to write (partition=N/date=YYYY-MM-DD/hour=HH/{first}.ndjson.gz).", Required = true };
        var command = new Command("export", "Writes the retained log in the archive format; replay start --archive reads it.") { data, output };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var host = ReplayCommand.Open(result.GetValue(data)!);
            var runtime = host.Runtime;
            var summary = await runtime.ExportAsync(result.GetValue(output)!.FullName, cancellationToken);
            Console.WriteLine($"exported {summary.Records:N0} records into {summary.Files:N0} files ({summary.Bytes:N0} bytes gzip) under {summary.Path}");
            return CliAction.Ok;
        });
        return command;
    }
}
