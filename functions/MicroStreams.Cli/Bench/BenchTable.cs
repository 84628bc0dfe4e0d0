using System.Globalization;
using MicroStreams.Cli.Infrastructure;
using Spectre.Console;

namespace MicroStreams.Cli.Bench;

/// <summary>Renders the results as one table, marking each headline number against the issue's target.</summary>
public static class BenchTable
{
    public static void Write(IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("workload").AddColumn("target").AddColumn("durability")
            .AddColumn(new TableColumn("events").RightAligned()).AddColumn(new TableColumn("seconds").RightAligned())
            .AddColumn(new TableColumn("rate").RightAligned()).AddColumn(new TableColumn("goal").RightAligned())
            .AddColumn(new TableColumn("B/event").RightAligned()).AddColumn(new TableColumn("CPU-s/1M").RightAligned())
            .AddColumn(new TableColumn("peak RSS").RightAligned()).AddColumn(new TableColumn("workers").RightAligned());
        foreach (var r in results)
        {
            var goal = (r.Goal, r.GoalP99Milliseconds, r.MeetsGoal) switch
            {
                (_, { } p99, true) => $"[green]p99 < {p99:N0} ms ✓[/]",
                (_, { } p99, _) => $"[red]p99 < {p99:N0} ms ✗[/]",
                ({ } g, _, true) => $"[green]≥ {g:#,0.##} ✓[/]",
                ({ } g, _, _) => $"[red]≥ {g:#,0.##} ✗[/]",
                _ => string.Empty,
            };
            table.AddRow(
                r.Workload,
                r.Target,
                r.Durability,
                r.Events.ToString("N0", CultureInfo.InvariantCulture),
                r.Seconds.ToString("N2", CultureInfo.InvariantCulture),
                $"{r.Rate.ToString(r.Rate < 100 ? "N2" : "N0", CultureInfo.InvariantCulture)} {r.Unit}",
                goal,
                r.BytesOnDiskPerEvent?.ToString("N0", CultureInfo.InvariantCulture) ?? string.Empty,
                r.CpuSecondsPerMillion?.ToString("N1", CultureInfo.InvariantCulture) ?? string.Empty,
                r.PeakRssBytes is { } rss ? ProcessStats.Megabytes(rss) : string.Empty,
                r.Workers?.ToString("N0", CultureInfo.InvariantCulture) ?? string.Empty);
        }

        AnsiConsole.Write(table);
        foreach (var r in results.Where(r => r.Latency is not null))
        {
            AnsiConsole.MarkupLineInterpolated($"  {r.Workload} {r.Target} {r.Durability} at {r.Rate:N0} {r.Unit}: {r.Latency!.ToString()}");
        }

        foreach (var r in results.Where(r => r.Note is not null))
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]{r.Workload} {r.Target} {r.Durability}: {r.Note}[/]");
        }
    }
}
