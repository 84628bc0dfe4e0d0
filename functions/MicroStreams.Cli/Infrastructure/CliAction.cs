using System.CommandLine;
using Spectre.Console;

namespace MicroStreams.Cli.Infrastructure;

/// <summary>Runs a command's body and turns failures into one readable line and an exit code, never a stack trace.</summary>
public static class CliAction
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int Cancelled = 130;

    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            try
            {
                return await body(result, cancellationToken);
            }
            catch (UsageException ex)
            {
                Error(ex.Message);
                return BadArguments;
            }
            catch (MicroStreams.Embedded.DataFolderException ex)
            {
                Error(ex.Message);
                return Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                AnsiConsole.MarkupLine("[yellow]cancelled[/]");
                return Cancelled;
            }
            catch (Exception ex)
            {
                Error($"{ex.GetType().Name}: {ex.Message}");
                if (Environment.GetEnvironmentVariable("MICROSTREAMS_DEBUG") is "1")
                {
                    Console.Error.WriteLine(ex);
                }
                else
                {
                    Console.Error.WriteLine("(set MICROSTREAMS_DEBUG=1 to see the stack trace)");
                }

                return Failed;
            }
        });
    }

    /// <summary>Adds a validator that rejects values below <paramref name="minimum"/> with a readable message.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}.");
            }
        });
        return option;
    }

    /// <summary>Accepts one of <paramref name="allowed"/>, ignoring case, and says which when it is not.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.HelpName = string.Join('|', allowed);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"{option.Name} must be one of {string.Join(", ", allowed)}; got '{value}'.");
            }
        });
        return option;
    }

    public static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}

/// <summary>A mistake in the command line that parsing alone cannot catch (a folder that is not empty, an unknown name).</summary>
public sealed class UsageException(string message) : Exception(message);
