using System.Text.Json;
using MicroStreams.Testing;
using MicroStreams.Workers;
using Microsoft.Extensions.Configuration;
using MicroStreamsApp.Processors;

namespace MicroStreamsApp.Tests;

public sealed class WelcomeMessageTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:WebhookUrl"] = "https://hooks.example/welcome" })
        .Build();

    private readonly ProcessorTestDriver _driver = new(new WelcomeMessage(Settings));

    [Fact]
    public void Handle_WhenUserSignsUp_PostsOneWelcomeAndRetires()
    {
        _driver.Send(WelcomeMessage.SignedUp, "user-1", new { email = "ada@example.com" });
        var again = _driver.Send(WelcomeMessage.SignedUp, "user-1", new { email = "ada@example.com" });

        var welcome = Assert.Single(_driver.Effects);
        Assert.Equal(("webhook", "https://hooks.example/welcome"), (welcome.Channel, welcome.Target));
        using var payload = JsonDocument.Parse(welcome.Payload);
        Assert.Equal("ada@example.com", payload.RootElement.GetProperty("email").GetString());
        Assert.Equal(ApplyOutcome.Retired, again.Outcome);
    }
}
