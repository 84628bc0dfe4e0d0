using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Http.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MicroStreams.Http.Tests.Hosting;

/// <summary>A user's own ASP.NET Core app hosting a processor that is not one of the examples, through the public hosting API only.</summary>
public sealed class AddMicroStreamsTests : IDisposable
{
    private const string FunctionKey = "app-function-key";
    private const string AdminKey = "app-admin-key";
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "ms-app-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task MapMicroStreams_InAPlainWebApplication_DeliversTheUsersReminderOnItsOwnChannelAnHourAfterAnAbandonedCartOnly()
    {
        var reminders = new ReminderSender();
        await using var app = Build(new() { ["MicroStreams:Partitions"] = "2" }, microStreams => microStreams
            .UseSimulatedClock(T0)
            .AddProcessor<CartReminder>()
            .AddEffectChannel(CartReminder.Channel, _ => reminders));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);

        await PostEventAsync(client, "e1", "cart_updated", "abandoned", T0);
        await PostEventAsync(client, "e2", "cart_updated", "bought", T0);
        await PostEventAsync(client, "e3", "checkout_completed", "bought", T0.AddMinutes(20));
        await Eventually.GetAsync(async () => (await RetiredAsync(client) == 1, 0), "the checkout applied");
        using var early = await AdvanceAsync(client, "PT59M");
        var beforeTheHour = reminders.Sent.Count;
        using var advanced = await AdvanceAsync(client, "PT2M");
        var sent = await Eventually.GetAsync(() => Task.FromResult((!reminders.Sent.IsEmpty, reminders.Sent.ToArray())), "a reminder");
        await Eventually.GetAsync(async () => (await RetiredAsync(client) == 2, 0), "the reminder's worker retired");

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Equal(0, beforeTheHour);
        var reminder = Assert.Single(sent);
        Assert.Equal((CartReminder.Name, "abandoned", "abandoned"), (reminder.Worker.Processor, reminder.Worker.Key, reminder.Target));
        Assert.Equal(1, JsonDocument.Parse(reminder.Payload).RootElement.GetProperty("updates").GetInt32());
        Assert.Single(reminders.Sent);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("MicroStreams:Partitions", "0", "MicroStreams:Partitions")]
    [InlineData("MicroStreams:Http:MaxEventBytes", "-1", "MicroStreams:Http:MaxEventBytes")]
    [InlineData("MicroStreams:Telemetry:OtlpProtocol", "carrier-pigeon", "MicroStreams:Telemetry:OtlpProtocol")]
    public async Task AddMicroStreams_WhenASettingIsBad_FailsAtStartWithAMessageNamingIt(string setting, string value, string named)
    {
        await using var app = Build(new() { [setting] = value }, microStreams => microStreams.AddProcessor<CartReminder>());

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "log.db")), "the runtime opened its data folder before the options were checked");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The app as a user writes it: their configuration, <c>AddMicroStreams</c>, their registrations, <c>MapMicroStreams</c>.</summary>
    private WebApplication Build(Dictionary<string, string?> settings, Action<EmbeddedMicroStreamsBuilder> register)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicroStreams:DataPath"] = _data,
            ["MicroStreams:Durability"] = "Normal",
            ["MicroStreams:Http:FunctionKey"] = FunctionKey,
            ["MicroStreams:Http:AdminKey"] = AdminKey,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder.Services.AddMicroStreams(builder.Configuration));
        var app = builder.Build();
        app.MapMicroStreams();
        return app;
    }

    private static async Task PostEventAsync(HttpClient client, string id, string type, string cart, DateTimeOffset time)
    {
        var body = $$"""{"specversion":"1.0","id":"{{id}}","source":"shop","type":"{{type}}","subject":"{{cart}}","data":{},"time":"{{time:O}}"}""";
        using var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/cloudevents+json"));
        Assert.True(response.IsSuccessStatusCode, $"POST {type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<int> RetiredAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"/api/processors/{CartReminder.Name}");
        var processor = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return response.IsSuccessStatusCode ? processor.GetProperty("workers").GetProperty("retired").GetInt32() : -1;
    }

    private static Task<HttpResponseMessage> AdvanceAsync(HttpClient client, string by)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/clock/advance?by={by}");
        request.Headers.Add("x-functions-key", AdminKey);
        return client.SendAsync(request);
    }

    /// <summary>The user's own channel: keeps what it was given.</summary>
    private sealed class ReminderSender : IEffectSender
    {
        public ConcurrentQueue<Effect> Sent { get; } = new();

        public string Channel => CartReminder.Channel;

        public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
        {
            Sent.Enqueue(effect);
            return Task.FromResult(EffectDeliveryResult.Delivered);
        }
    }
}
