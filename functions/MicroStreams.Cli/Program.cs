using System.CommandLine;
using System.CommandLine.Help;
using MicroStreams.Cli.Commands;
using Spectre.Console;

// Piped to a file or CI log: lay tables out wide rather than wrapping every cell at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 180;
}

// A plain command named like the executable, rather than RootCommand (which takes its name from the entry assembly,
// MicroStreams.Cli): help then reads "microstreams demo ...". Add new commands here, one file each under Commands/.
var root = new Command("microstreams", "MicroStreams: durable per-key processors over an event stream, on your machine.")
{
    new HelpOption(),
    new VersionOption(),
};
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.SetAction(result => new HelpAction().Invoke(result));
return await root.Parse(args).InvokeAsync();
