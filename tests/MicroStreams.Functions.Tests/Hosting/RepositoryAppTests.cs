using MicroStreams.Functions.Effects;
using MicroStreams.FunctionsApp;
using MicroStreams.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Functions.Tests.Hosting;

/// <summary>What the repository's app registers beyond the examples: the email gateway as the <c>email</c> channel.</summary>
public sealed class RepositoryAppTests
{
    private static IReadOnlyDictionary<string, MicroStreams.Effects.IEffectSender> Senders(string? gatewayUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EffectGatewayUrl"] = gatewayUrl }).Build();
        var services = new ServiceCollection();
        FunctionsServiceCollectionExtensions.AddMicroStreams(services, configuration).AddEmailGateway(configuration);
        return services.BuildServiceProvider().GetRequiredService<ProcessorCatalog>().Senders;
    }

    [Fact]
    public void AddEmailGateway_WhenTheGatewayIsSet_RegistersTheGatewaySenderForEmail() =>
        Assert.Equal("email", Assert.IsType<GatewayEffectSender>(Senders("https://gateway.example.com/effects")["email"]).Channel);

    [Fact]
    public void AddEmailGateway_WhenTheGatewayIsNotSet_RegistersNoEmailSender() =>
        Assert.False(Senders(null).ContainsKey("email"));

    [Fact]
    public void AddEmailGateway_WhenTheGatewayIsNotAnHttpUrl_FailsNamingTheSetting() =>
        Assert.Contains("EffectGatewayUrl must be an absolute http(s) URL, not 'gateway.local'",
            Assert.Throws<InvalidOperationException>(() => Senders("gateway.local")).Message, StringComparison.Ordinal);
}
