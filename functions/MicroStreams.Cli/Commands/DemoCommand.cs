using System.CommandLine;
using MicroStreams.Cli.Demo;
using MicroStreams.Cli.Infrastructure;
using MicroStreams.Embedded;
using Spectre.Console;

namespace MicroStreams.Cli.Commands;

/// <summary><c>microstreams demo</c>: a simulated SaaS product's event stream through the three example processors.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "How many users sign up during the run.", DefaultValueFactory = _ => 20_000 }.AtLeast(1);
        var days = new Option<int>("--days") { Description = "How many days to simulate.", DefaultValueFactory = _ => 60 }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Seed of the event generator; the same seed gives the same events.", DefaultValueFactory = _ => 42 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Data folder to use (must be empty or new; it is kept). Default: a temporary folder." };
        var step = new Option<int>("--step-hours") { Description = "Simulated hours per clock step: each step ingests its events, moves the clock and drains. Must divide 24.", DefaultValueFactory = _ => 3 };
        step.Validators.Add(r =>
        {
            var hours = r.GetValueOrDefault<int>();
            if (hours < 1 || hours > 24 || 24 % hours != 0)
            {
                r.AddError("--step-hours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24).");
            }
        });
        var durability = new Option<Durability>("--durability") { Description = "Full syncs every commit to disk (survives power loss); Normal survives a killed process only.", DefaultValueFactory = _ => Durability.Full };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary data folder (log.db, state.db, emails.jsonl) to look inside afterwards." };
        var command = new Command("demo", "Runs a simulated SaaS product end to end on the embedded runtime: sign-ups, sign-ins and sales over 60 days, churn and milestone emails, per-tenant webhooks (one fails for a while), malformed and poison events; then prints what happened.")
        {
            users, days, seed, step, data, durability, keep,
        };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var scenario = new DemoScenario(result.GetValue(users), result.GetValue(days), result.GetValue(seed), TimeSpan.FromHours(result.GetValue(step)));
            var explicitPath = result.GetValue(data)?.FullName;
            if (explicitPath is not null && Directory.Exists(explicitPath) && Directory.EnumerateFileSystemEntries(explicitPath).Any())
            {
                throw new UsageException($"the data folder '{explicitPath}' is not empty; the demo starts from scratch, so give it a new or empty folder.");
            }

            var path = explicitPath ?? Path.Combine(Path.GetTempPath(), $"microstreams-demo-{Environment.ProcessId}");
            var kept = explicitPath is not null || result.GetValue(keep);
            Directory.CreateDirectory(path);
            AnsiConsole.MarkupLine($"[bold]MicroStreams demo[/]: {scenario.Users:N0} users over {scenario.Days} simulated days, data in [blue]{Markup.Escape(path)}[/]");
            try
            {
                DemoReport? report = null;
                await AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress => report = await new DemoRunner(scenario, path, result.GetValue(durability)).RunAsync(progress, cancellationToken));
                DemoSummary.Write(report!, path, kept);
                return CliAction.Ok;
            }
            finally
            {
                if (!kept)
                {
                    TryDelete(path);
                }
            }
        });
        return command;
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException ex)
        {
            CliAction.Error($"could not delete the temporary folder {path}: {ex.Message}");
        }
    }
}
