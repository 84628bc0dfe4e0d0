using MicroStreams.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MicroStreams.Functions.Configuration;

/// <summary>
/// Stops the worker at start, before any function runs, with every problem at once: app settings that are missing or that
/// Azure would refuse, no processor registered, and what <see cref="ProcessorCatalog"/> refuses (two processors with one
/// name, a sender registered for a channel it does not deliver). Building the catalog here also builds the processors,
/// so a processor whose construction fails fails the start rather than the first batch.
/// </summary>
internal sealed class StartupCheck(IConfiguration configuration, FunctionsSettings settings, ProcessorCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = Problems();
        return problems.Count == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException("MicroStreams cannot start:" + string.Concat(problems.Select(p => Environment.NewLine + " - " + p)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public List<string> Problems()
    {
        var problems = FunctionsSettingsCheck.Problems(configuration, settings).ToList();
        try
        {
            if (catalog.Processors.Count == 0)
            {
                problems.Add("no processor is registered: call .AddProcessor<TProcessor>() on services.AddMicroStreams(configuration)");
            }
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message);
        }

        try
        {
            _ = catalog.Senders;
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message);
        }

        return problems;
    }
}
