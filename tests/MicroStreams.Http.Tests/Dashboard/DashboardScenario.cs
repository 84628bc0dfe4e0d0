using System.Text.Json;

namespace MicroStreams.Http.Tests.Dashboard;

/// <summary>Events with every outcome the live stream tells apart, posted to a server for two fresh keys.</summary>
internal sealed class DashboardScenario
{
    private DashboardScenario(string user, string failing) => (User, Failing) = (user, failing);

    /// <summary>A sale before the user exists (not activated), the user (applied), a 150 sale (applied, retires), a 5 sale (ignored), a sign-in.</summary>
    public string User { get; }

    /// <summary>A user whose first sale has a negative price (dead-lettered, quarantined) and whose next sale is parked.</summary>
    public string Failing { get; }

    public Dictionary<string, (int Partition, long Sequence)> Positions { get; } = [];

    public static async Task<DashboardScenario> PostAsync(TestServer server, string prefix)
    {
        var scenario = new DashboardScenario(ServerFixture.NewKey(prefix + "u"), ServerFixture.NewKey(prefix + "f"));
        var user = scenario.User;
        var failing = scenario.Failing;
        await scenario.PostAsync(server, "early-sale", "sale_complete", user, """{"price":1}""");
        await scenario.PostAsync(server, "created", "user_created", user, $$"""{"email":"{{user}}@example.com"}""");
        await scenario.PostAsync(server, "big-sale", "sale_complete", user, """{"price":150}""");
        await server.WaitForWorkerAsync("sales_milestone", user, w => w.GetProperty("status").GetString() == "retired");
        await scenario.PostAsync(server, "late-sale", "sale_complete", user, """{"price":5}""");
        await scenario.PostAsync(server, "signin", "user_signin", user);
        await scenario.PostAsync(server, "f-created", "user_created", failing);
        await scenario.PostAsync(server, "f-bad-sale", "sale_complete", failing, """{"price":-1}""");
        await server.WaitForWorkerAsync("sales_milestone", failing, w => w.GetProperty("status").GetString() == "quarantined");
        await scenario.PostAsync(server, "f-parked-sale", "sale_complete", failing, """{"price":1}""");
        return scenario;
    }

    /// <summary>The outcome at each worker the event reached, once its partition's consumer has passed it.</summary>
    public async Task<Dictionary<string, string>> OutcomesAsync(TestServer server, string name)
    {
        var (partition, sequence) = Positions[name];
        var detail = await Eventually.GetAsync(async () =>
        {
            var d = await server.GetJsonAsync($"/api/events/{partition}/{sequence}");
            return (d.GetProperty("reached").EnumerateArray().All(r => r.GetProperty("outcome").GetString() != "pending"), d);
        }, $"event {name}");
        return detail.GetProperty("reached").EnumerateArray().ToDictionary(r => r.GetProperty("processor").GetString()!, r => r.GetProperty("outcome").GetString()!);
    }

    private async Task PostAsync(TestServer server, string name, string type, string subject, string data = "{}")
    {
        using var response = await server.PostEventAsync($"{subject}-{name}", type, subject, data);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var at = JsonDocument.Parse(body).RootElement.GetProperty("positions")[0];
        Positions[name] = (at.GetProperty("partition").GetInt32(), at.GetProperty("sequence").GetInt64());
    }
}
