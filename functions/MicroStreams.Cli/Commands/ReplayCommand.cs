using System.CommandLine;
using MicroStreams.Cli.Infrastructure;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Replay;
using MicroStreams.Replay;
using Microsoft.Extensions.Configuration;

namespace MicroStreams.Cli.Commands;

/// <summary>
/// <c>microstreams replay start|status|cancel</c> against a data folder: rebuild a processor into a new generation (or
/// shadow it) from the retained log or an archive, delivering none of the effects it decides. Run it while serve is
/// stopped; with serve running use <c>POST /api/replays</c> instead (one process owns a data folder's workers).
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder (as for serve).", DefaultValueFactory = _ => new DirectoryInfo(".microstreams") };
        var processor = new Option<string>("--processor") { Description = "Processor to rebuild or shadow.", Required = true };
        var from = new Option<string?>("--from") { Description = "Apply only records from this log sequence (a number, in every partition) or append time (ISO 8601) on; the rebuilt workers start empty there." };
        var keys = new Option<string?>("--keys") { Description = "Rebuild only workers whose key starts with this prefix; the others keep the live generation." };
        var shadow = new Option<bool>("--shadow") { Description = "Run beside the live generation and report differences; switch nothing." };
        var archive = new Option<DirectoryInfo?>("--archive") { Description = "Archive folder (from microstreams export) read before the log." };
        var start = new Command("start", "Rebuilds (or shadows) a processor from history and waits for it, printing progress.") { data, processor, from, keys, shadow, archive };
        CliAction.Set(start, async (result, cancellationToken) =>
        {
            var request = new ReplayRequest(result.GetValue(processor)!)
            {
                KeyPrefix = string.IsNullOrEmpty(result.GetValue(keys)) ? null : result.GetValue(keys),
                Shadow = result.GetValue(shadow),
                ArchivePath = result.GetValue(archive)?.FullName,
            };
            if (result.GetValue(from) is { } position)
            {
                try
                {
                    request = request.StartingAt(position);
                }
                catch (FormatException ex)
                {
                    throw new UsageException($"--from: {ex.Message}");
                }
            }

            await using var host = Open(result.GetValue(data)!);
            var runtime = host.Runtime;
            var view = runtime.StartReplay(request, out var problem) ?? throw new UsageException(problem!);
            Console.WriteLine($"replay {view.Id}: {view.Mode} of {view.Processor}, generation {view.Generation}");
            var done = runtime.WaitForReplayAsync(view.Id, cancellationToken);
            while (!done.IsCompleted)
            {
                await Task.WhenAny(done, Task.Delay(1000, cancellationToken));
                var now = runtime.GetReplay(view.Id)!;
                Console.Error.WriteLine($"  {now.Progress:P1} · {now.EventsRead:N0} records read · {now.EffectsSuppressed:N0} effects suppressed");
            }

            var final = (await done)!;
            Console.WriteLine(ReplayJson.Write(final));
            return final.Status == ReplayStatus.Completed ? CliAction.Ok : CliAction.Failed;
        });

        var id = new Argument<string?>("id") { Description = "Replay id (all replays when left out).", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "Shows one replay, or all, with progress.") { data, id };
        CliAction.Set(status, (result, _) =>
        {
            var replays = ReplayCatalog.List(Existing(result.GetValue(data)!));
            var wanted = result.GetValue(id);
            var shown = wanted is null ? replays : replays.Where(r => r.Id == wanted).ToList();
            if (wanted is not null && shown.Count == 0)
            {
                throw new UsageException($"there is no replay '{wanted}'");
            }

            foreach (var replay in shown)
            {
                Console.WriteLine(ReplayJson.Write(replay));
            }

            return Task.FromResult(CliAction.Ok);
        });

        var cancelId = new Argument<string>("id") { Description = "Replay id." };
        var cancel = new Command("cancel", "Asks a running replay to stop (the live generation stays as it is: a rebuild switches all partitions at once or none).") { data, cancelId };
        CliAction.Set(cancel, (result, _) => Task.FromResult(ReplayCatalog.RequestCancel(Existing(result.GetValue(data)!), result.GetValue(cancelId)!)
            ? CliAction.Ok
            : throw new UsageException($"replay '{result.GetValue(cancelId)}' is not running")));

        return new Command("replay", "Rebuilds a processor's state from history without re-sending its effects, or shadows a new version.") { start, status, cancel };
    }

    /// <summary>The folder's full path when it holds MicroStreams data; the one message for a missing or empty folder otherwise.</summary>
    internal static string Existing(DirectoryInfo data) =>
        DataFolder.Problem(data.FullName) is { } problem ? throw new UsageException(problem) : data.FullName;

    /// <summary>
    /// The folder's runtime with the examples registered as serve registers them; push replays with the tenants stored
    /// in state.db now (its replay uses the configuration of replay time). Nothing is delivered: nothing drains.
    /// </summary>
    internal static ExampleHost Open(DirectoryInfo data)
    {
        Existing(data);
        return ExampleHost.Create(new ConfigurationBuilder().Build(), examples => examples.ConfigureRuntime(options =>
        {
            options.DataPath = data.FullName;
            options.RunBackground = false;
        }));
    }
}
