using MicroStreams.Effects;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Hosting;
using MicroStreams.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MicroStreams.Functions.Tests.Hosting;

/// <summary><c>services.AddMicroStreams(configuration)</c> in a Functions app: processors from the builder, settings checked at start.</summary>
public sealed class AddMicroStreamsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["EventHubConnection"] = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
    };

    private static (ServiceProvider Provider, IMicroStreamsBuilder Builder) Build(Dictionary<string, string?> settings, Action<IMicroStreamsBuilder>? register = null)
    {
        var services = new ServiceCollection();
        var builder = FunctionsServiceCollectionExtensions.AddMicroStreams(services, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        register?.Invoke(builder);
        return (services.BuildServiceProvider(), builder);
    }

    private static async Task<string?> StartFailure(ServiceProvider provider)
    {
        try
        {
            foreach (var service in provider.GetServices<IHostedService>())
            {
                await service.StartAsync(CancellationToken.None);
            }

            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    [Fact]
    public void AddMicroStreams_ReturnsABuilderDerivedFromTheCoreOne()
    {
        var (provider, builder) = Build(Complete);
        using (provider)
        {
            Assert.IsType<MicroStreamsFunctionsBuilder>(builder);
            Assert.IsAssignableFrom<MicroStreamsBuilder>(builder);
        }
    }

    [Fact]
    public void Senders_HoldTheCoreWebhookSenderForWebhookAndTheChannelsRegisteredOnTheBuilder()
    {
        var (provider, _) = Build(Complete, b => b.AddEffectChannel("email", _ => new GatewayEffectSender("email", new Uri("https://gateway.example.com"), new HttpClient())));
        using (provider)
        {
            var senders = provider.GetRequiredService<ProcessorCatalog>().Senders;

            Assert.IsType<WebhookSender>(senders[WebhookSender.ChannelName]);
            Assert.IsType<GatewayEffectSender>(senders["email"]);
            Assert.Equal(2, senders.Count);
        }
    }

    [Fact]
    public void RouterAndEntityCore_RunTheProcessorsRegisteredOnTheBuilder()
    {
        var (provider, _) = Build(Complete, b => b.AddProcessor<CounterProcessor>());
        using (provider)
        {
            var router = provider.GetRequiredService<Router>();

            Assert.Same(provider.GetRequiredService<ProcessorCatalog>().Processors.Single(), router.Processors.Single());
            Assert.IsType<CounterProcessor>(router.Find(CounterProcessor.Name));
            Assert.NotNull(provider.GetRequiredService<ProcessorEntityCore>());
        }
    }

    [Fact]
    public async Task Start_WhenSettingsAreCompleteAndAProcessorIsRegistered_Succeeds()
    {
        var (provider, _) = Build(Complete, b => b.AddProcessor<CounterProcessor>());
        using (provider)
        {
            Assert.Null(await StartFailure(provider));
        }
    }

    [Fact]
    public async Task Start_WhenConnectionsAreMissingAndNamesInvalid_FailsNamingEverySetting()
    {
        var (provider, _) = Build(new() { ["DeadLetterContainer"] = "Dead_Letters", ["TaskHubName"] = "9hub", ["ArchiveConsumerGroup"] = "router" }, b => b.AddProcessor<CounterProcessor>());
        using (provider)
        {
            var message = await StartFailure(provider);

            Assert.NotNull(message);
            Assert.StartsWith("MicroStreams cannot start:", message, StringComparison.Ordinal);
            Assert.Contains("set AzureWebJobsStorage", message, StringComparison.Ordinal);
            Assert.Contains("AzureWebJobsStorage__tableServiceUri", message, StringComparison.Ordinal);
            Assert.Contains("set EventHubConnection", message, StringComparison.Ordinal);
            Assert.Contains("DeadLetterContainer is 'Dead_Letters'", message, StringComparison.Ordinal);
            Assert.Contains("TaskHubName is '9hub'", message, StringComparison.Ordinal);
            Assert.Contains("RouterConsumerGroup and ArchiveConsumerGroup must differ", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_WhenNoProcessorIsRegistered_FailsSayingHowToRegisterOne()
    {
        var (provider, _) = Build(Complete);
        using (provider)
        {
            Assert.Contains("no processor is registered: call .AddProcessor<TProcessor>()", await StartFailure(provider), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_WhenTwoProcessorsShareAName_FailsNamingIt()
    {
        var (provider, _) = Build(Complete, b => b.AddProcessor<CounterProcessor>().AddProcessor(_ => new CounterProcessor()));
        using (provider)
        {
            Assert.Contains($"processor '{CounterProcessor.Name}' is registered 2 times", await StartFailure(provider), StringComparison.Ordinal);
        }
    }
}
