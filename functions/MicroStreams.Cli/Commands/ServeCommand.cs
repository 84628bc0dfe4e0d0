using System.CommandLine;
using System.Globalization;
using MicroStreams.Cli.Infrastructure;
using MicroStreams.Examples.Embedded;
using MicroStreams.Http.Hosting;

namespace MicroStreams.Cli.Commands;

/// <summary>
/// <c>microstreams serve</c>: the local platform. The embedded runtime behind the HTTP API (CloudEvents and Segment
/// ingest, inspection, dead letters, metrics) and the dashboard, until Ctrl+C.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (the Functions host's 7071 by default; 0 picks a free one).", DefaultValueFactory = _ => ServeOptions.DefaultPort };
        var urls = new Option<string?>("--urls") { Description = "Kestrel URLs to listen on instead, e.g. http://0.0.0.0:8080 (overrides --port)." };
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder: log, state, generated keys (keys.json) and emails.jsonl.", DefaultValueFactory = _ => new DirectoryInfo(".microstreams") };
        var simulated = new Option<bool>("--simulated-clock") { Description = "Run on a manual clock that POST /api/admin/clock/advance?by=P7D moves (time travel); kept in <data>/clock.json, so a restart resumes it." };
        var start = new Option<string?>("--start") { Description = "With --simulated-clock: the time to start at (ISO 8601, UTC unless it names an offset), e.g. 2025-01-01T00:00:00Z. Never before the time the data folder's clock reached." };
        var command = new Command("serve", "Runs the local platform: events in over HTTP (CloudEvents, Segment), everything inside visible in the dashboard at /. Keys come from MicroStreams:Http:FunctionKey/AdminKey or are generated into <data>/keys.json.")
        {
            port, urls, data, simulated, start,
        };
        CliAction.Set(command, (result, cancellationToken) => ServeHost.RunAsync(new ServeOptions
        {
            Port = result.GetValue(port),
            Urls = result.GetValue(urls),
            DataPath = result.GetValue(data)!.FullName,
            SimulatedClock = result.GetValue(simulated),
            SimulatedStart = StartTime(result.GetValue(start), result.GetValue(simulated)),
            Register = microStreams => microStreams.AddExampleProcessors(),
        }, cancellationToken));
        return command;
    }

    private static DateTimeOffset? StartTime(string? text, bool simulated)
    {
        if (text is null)
        {
            return null;
        }

        if (!simulated)
        {
            throw new UsageException("--start sets the simulated clock: add --simulated-clock");
        }

        return text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new UsageException($"--start: '{text}' is not an ISO 8601 time such as 2025-01-01T00:00:00Z");
    }
}
