using System.Text.Json;
using CartShop.Processors;
using Microsoft.Extensions.Configuration;
using MicroStreams.Testing;
using MicroStreams.Workers;

namespace CartShop.Tests;

public sealed class CartReminderTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:WebhookUrl"] = "https://hooks.example/reminders" })
        .Build();

    private readonly ProcessorTestDriver _driver = new(new CartReminder(Settings));

    [Fact]
    public void OnTimer_WhenAnHourPassesWithoutCheckout_SendsOneReminderAndRetires()
    {
        _driver.Send(CartReminder.CartUpdated, "user-1", new { email = "ada@example.com", items = 2 });

        Assert.Equal(0, _driver.Advance(TimeSpan.FromMinutes(59)));
        _driver.Advance(TimeSpan.FromMinutes(1));
        _driver.Advance(TimeSpan.FromDays(1));

        var reminder = Assert.Single(_driver.Effects);
        Assert.Equal(("webhook", "https://hooks.example/reminders"), (reminder.Channel, reminder.Target));
        using var payload = JsonDocument.Parse(reminder.Payload);
        Assert.Equal(("ada@example.com", 2), (payload.RootElement.GetProperty("email").GetString(), payload.RootElement.GetProperty("items").GetInt32()));
        Assert.Equal(WorkerStatus.Retired, _driver.Worker("user-1").Status);
    }

    [Fact]
    public void Handle_WhenTheShopperChecksOut_SendsNoReminder()
    {
        _driver.Send(CartReminder.CartUpdated, "user-1", new { email = "ada@example.com", items = 1 });
        _driver.Advance(TimeSpan.FromMinutes(30));
        _driver.Send(CartReminder.CheckoutCompleted, "user-1");

        _driver.Advance(TimeSpan.FromDays(1));

        Assert.Empty(_driver.Effects);
        Assert.Empty(_driver.Timers("user-1"));
    }

    [Fact]
    public void Handle_WhenTheCartChangesAgain_RemindsAnHourAfterTheLastChange()
    {
        _driver.Send(CartReminder.CartUpdated, "user-1", new { items = 1 });
        _driver.Advance(TimeSpan.FromMinutes(50));
        _driver.Send(CartReminder.CartUpdated, "user-1", new { items = 3 });

        _driver.Advance(TimeSpan.FromMinutes(20));
        var early = _driver.Effects.Count;
        _driver.Advance(TimeSpan.FromMinutes(40));

        Assert.Equal(0, early);
        Assert.Equal(_driver.Now, Assert.Single(_driver.Effects).CreatedAt);
    }

    [Fact]
    public void Handle_WhenACheckoutComesWithoutACart_StartsNoWorker()
    {
        var sent = _driver.Send(CartReminder.CheckoutCompleted, "user-2");

        Assert.Equal(ApplyOutcome.NotActivated, sent.Outcome);
        Assert.Empty(_driver.Workers);
    }
}
