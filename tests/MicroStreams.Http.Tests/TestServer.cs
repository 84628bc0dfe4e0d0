using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MicroStreams.Embedded;
using MicroStreams.Examples.Embedded;
using MicroStreams.Http.Hosting;

namespace MicroStreams.Http.Tests;

/// <summary>A real <c>serve</c> (Kestrel on a free 127.0.0.1 port) over a fresh data folder, with known keys.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string AdminKey = "test-admin-key";

    private TestServer(ServeInstance instance, string dataPath)
    {
        Instance = instance;
        DataPath = dataPath;
        Client = new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        Anonymous = new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ServeInstance Instance { get; }
    public string DataPath { get; }
    public HttpClient Client { get; }
    public HttpClient Anonymous { get; }
    public EmbeddedRuntime Runtime => Instance.Context.Runtime;
    public Uri BaseAddress => Instance.BaseAddress;

    public static async Task<TestServer> StartAsync(
        Dictionary<string, string?>? settings = null, Action<EmbeddedOptions>? runtime = null, bool simulatedClock = false,
        string? dataPath = null, bool configuredKeys = true, bool resumeClock = false)
    {
        dataPath ??= Path.Combine(Path.GetTempPath(), "ms-http-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["MicroStreams:Http:MaxRequestBytes"] = "65536",
            ["MicroStreams:Http:MaxEventBytes"] = "4096",
        };
        if (configuredKeys)
        {
            all["MicroStreams:Http:FunctionKey"] = FunctionKey;
            all["MicroStreams:Http:AdminKey"] = AdminKey;
        }

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var instance = await ServeHost.StartAsync(new ServeOptions
        {
            Port = 0,
            DataPath = dataPath,
            SimulatedClock = simulatedClock,
            SimulatedStart = simulatedClock && !resumeClock ? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) : null,
            Settings = all,
            ConfigureRuntime = options =>
            {
                options.Partitions = 4;
                options.Durability = Durability.Normal;
                runtime?.Invoke(options);
            },
            Register = microStreams => microStreams.AddExampleProcessors(),
            Output = TextWriter.Null,
        });
        return new TestServer(instance, dataPath);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, string? key = FunctionKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return Anonymous.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostEventAsync(string id, string type, string subject, string data = "{}") =>
        PostAsync("/api/events", Event(id, type, subject, data), "application/cloudevents+json");

    public static string Event(string id, string type, string subject, string data = "{}", string source = "tests") =>
        $$"""{"specversion":"1.0","id":"{{id}}","source":"{{source}}","type":"{{type}}","subject":"{{subject}}","data":{{data}}}""";

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the worker until <paramref name="condition"/> holds (the runtime applies events in the background).</summary>
    public async Task<JsonElement> WaitForWorkerAsync(string processor, string key, Func<JsonElement, bool> condition)
    {
        var path = $"/api/processors/{processor}/workers/{Uri.EscapeDataString(key)}";
        return await Eventually.GetAsync(async () =>
        {
            using var response = await Client.GetAsync(path);
            if (!response.IsSuccessStatusCode)
            {
                return (false, default);
            }

            var worker = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return (condition(worker), worker);
        }, $"worker {processor}/{key}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await Instance.DisposeAsync();
    }

    public void DeleteData()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
