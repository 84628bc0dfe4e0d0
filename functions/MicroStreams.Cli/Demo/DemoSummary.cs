using System.Globalization;
using MicroStreams.DeadLetters;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Workers;
using Spectre.Console;

namespace MicroStreams.Cli.Demo;

/// <summary>Renders the demo's report as a few short tables and a "what to try next".</summary>
public static class DemoSummary
{
    public static void Write(DemoReport report, string dataPath, bool kept)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = report.Counters;
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        AnsiConsole.WriteLine();
        AnsiConsole.Write(new Rule("[bold]What happened[/]").LeftJustified());
        var overview = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value");
        overview.AddRow("simulated", $"{report.Scenario.Users:N0} users, {report.Scenario.Days} days, {DemoScenario.Tenants.Count} tenants");
        overview.AddRow("events processed", $"{c.Events:N0} ({report.Ingested:N0} ingested + {report.Malformed} malformed raw records)");
        overview.AddRow("wall time / rate", $"{report.Elapsed.TotalSeconds:N1} s  ·  {c.Events / seconds:N0} events/s end to end ({report.Scenario.Days * 24 / (int)report.Scenario.Step.TotalHours:N0} clock steps of {report.Scenario.Step.TotalHours:N0} h)");
        overview.AddRow("CPU time", $"{report.CpuTime.TotalSeconds:N1} s on {Environment.ProcessorCount} cores");
        overview.AddRow("time split", $"generate {report.Split.Generate.TotalSeconds:N1} s · ingest {report.Split.Ingest.TotalSeconds:N1} s · process+deliver {report.Split.Drain.TotalSeconds:N1} s (in sinks: email {report.Split.InEmailSink.TotalSeconds:N1} s, webhook {report.Split.InWebhookSink.TotalSeconds:N1} s)");
        overview.AddRow("handler applications", $"{c.Applied:N0} applied · {c.NotActivated:N0} ignored (no worker) · {c.IgnoredRetired:N0} after retirement");
        overview.AddRow("timers fired", $"{c.TimersFired:N0}");
        overview.AddRow("effects", $"{c.EffectsDecided:N0} decided · {c.EffectsDelivered:N0} delivered · {c.DeliveryRetries:N0} retries · {c.EffectsUndeliverable:N0} given up");
        overview.AddRow("consumer commits", $"{c.Commits:N0} transactions (state + timers + outbox + checkpoint, atomically)");
        overview.AddRow("peak memory (VmHWM)", Infrastructure.ProcessStats.Megabytes(report.PeakRssBytes));
        AnsiConsole.Write(overview);

        WriteEmails(report.Emails);
        WriteWorkers(report.Workers);
        WriteWebhooks(report);
        WriteDeadLetters(report.DeadLetters, report.Poison);
        WriteNext(dataPath, kept);
    }

    private static void WriteEmails(EmailLog emails)
    {
        AnsiConsole.Write(new Rule("[bold]Emails sent[/] (file sink)").LeftJustified());
        AnsiConsole.MarkupLine($"  churn re-engagement emails: [bold]{emails.Count("re-engagement"):N0}[/]   achievement emails ($100 reached): [bold]{emails.Count("achievement"):N0}[/]");
        foreach (var (template, samples) in emails.Samples.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var sample in samples)
            {
                AnsiConsole.MarkupLineInterpolated($"  [grey]{template}[/] {sample}");
            }
        }
    }

    private static void WriteWorkers(IReadOnlyDictionary<(string Processor, WorkerStatus Status), int> workers)
    {
        AnsiConsole.Write(new Rule("[bold]Workers[/] (one per processor and key)").LeftJustified());
        var table = new Table().Border(TableBorder.Rounded).AddColumn("processor").AddColumn(new TableColumn("active").RightAligned())
            .AddColumn(new TableColumn("retired").RightAligned()).AddColumn(new TableColumn("quarantined").RightAligned());
        foreach (var processor in new[] { ChurnDetection.Name, SalesMilestone.Name, PushDelivery.Name })
        {
            string Count(WorkerStatus status) => workers.GetValueOrDefault((processor, status)).ToString("N0", CultureInfo.InvariantCulture);
            table.AddRow(processor, Count(WorkerStatus.Active), Count(WorkerStatus.Retired), Count(WorkerStatus.Quarantined));
        }

        AnsiConsole.Write(table);
    }

    private static void WriteWebhooks(DemoReport report)
    {
        AnsiConsole.Write(new Rule("[bold]Webhook deliveries[/] (counted by the receiver)").LeftJustified());
        var table = new Table().Border(TableBorder.Rounded).AddColumn("tenant").AddColumn(new TableColumn("batches").RightAligned())
            .AddColumn(new TableColumn("events").RightAligned()).AddColumn(new TableColumn("refused (503)").RightAligned())
            .AddColumn(new TableColumn("redelivered").RightAligned()).AddColumn("note");
        foreach (var (tenant, stats) in report.Webhooks)
        {
            var note = tenant == DemoScenario.FailingTenant
                ? $"down {report.Scenario.OutageStart:MMM d HH:mm} → {report.Scenario.OutageEnd:MMM d HH:mm}; retried with backoff"
                : string.Empty;
            table.AddRow(tenant, $"{stats.Batches:N0}", $"{stats.Events:N0}", $"{stats.Refused:N0}", $"{stats.Duplicates:N0}", note);
        }

        AnsiConsole.Write(table);
        var sample = report.Webhooks.Values.Select(s => s.Sample).FirstOrDefault(s => s is not null);
        if (sample is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]sample batch:[/] {Shorten(sample, 300)}");
        }
    }

    private static void WriteDeadLetters(IReadOnlyDictionary<DeadLetterKind, (long Count, DeadLetter Sample)> letters, int poison)
    {
        AnsiConsole.Write(new Rule("[bold]Dead letters[/] (nothing is lost: every record is applied or here, with a reason)").LeftJustified());
        if (letters.Count == 0)
        {
            AnsiConsole.MarkupLine("  none");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("kind").AddColumn(new TableColumn("count").RightAligned()).AddColumn("example reason");
        foreach (var (kind, (count, sample)) in letters.OrderBy(kv => kv.Key))
        {
            table.AddRow(kind.ToString(), count.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(Shorten(sample.Reason, 110)));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"  [grey]{poison} sale(s) with a negative price were planted: the milestone processor throws, the user is quarantined and their later sales are parked until redriven.[/]");
    }

    private static void WriteNext(string dataPath, bool kept)
    {
        const string Cli = "dotnet run --project functions/MicroStreams.Cli -c Release --";
        AnsiConsole.Write(new Rule("[bold]What to try next[/]").LeftJustified());
        AnsiConsole.MarkupLine(kept
            ? $"  • The data is kept in [blue]{Markup.Escape(dataPath)}[/] (log.db, state.db, emails.jsonl): open it with sqlite3."
            : $"  • Keep the data to look inside: [blue]{Cli} demo --keep[/] (or --data DIR).");
        AnsiConsole.MarkupLine($"  • Serve the same runtime over HTTP, with a dashboard at http://127.0.0.1:7071/: [blue]{Cli} serve[/]");
        AnsiConsole.MarkupLine("  • Run every test (unit, property, crash, HTTP, browser, real clients): [blue]bash eng/test.sh[/]");
        AnsiConsole.MarkupLine($"  • Measure it on your machine against a raw file and SQLite: [blue]{Cli} bench[/]");
        AnsiConsole.MarkupLine($"  • Try a bigger run: [blue]{Cli} demo --users 100000[/]");
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
