using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace MicroStreams.Http.Tests.Fuzz;

/// <summary>
/// Throws generated bad (and some good) requests at every route: the server never answers 500, stays up, and what
/// it acknowledged is exactly what is in the data folder after a restart.
/// </summary>
public sealed class BadInputFuzzTests
{
    private static readonly (string Method, string Path)[] Routes =
    [
        ("POST", "/api/events"), ("POST", "/api/events"), ("POST", "/api/events"), ("POST", "/v1/batch"), ("POST", "/v1/track"),
        ("POST", "/v1/identify"), ("POST", "/v1/page"), ("GET", "/api/processors"), ("GET", "/api/processors/churn_detection"),
        ("GET", "/api/processors/churn_detection/workers/"), ("GET", "/api/partitions"), ("GET", "/api/stats"), ("GET", "/api/deadletters"),
        ("GET", "/api/deadletters/"), ("POST", "/api/deadletters/redrive"), ("POST", "/api/deadletters/1/redrive"), ("DELETE", "/api/deadletters/"),
        ("POST", "/api/admin/clock/advance"), ("GET", "/metrics"), ("GET", "/readyz"), ("GET", "/dashboard/"), ("PUT", "/api/events"),
    ];

    private static readonly string[] Suffixes =
    [
        "", "1", "-1", "99999999999999999999", "%00", "%ZZ", "u%2F1", "?limit=0", "?limit=1001", "?limit=5&before=abc", "?kind=Parked",
        "?kind=99", "?status=pending&processor=%FF", "?by=P7D", "?by=-P1D", "?by=P99999999Y", "?by=1.00:00:00", "?code=", "../../etc/passwd",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/cloudevents+json", "application/cloudevents-batch+json", "application/json", "application/cloudevents+json; charset=utf-8",
        "text/plain", "application/octet-stream", "multipart/form-data; boundary=x", ";;;", "application/json; charset=utf-7",
    ];

    private static readonly string[] Keys = [TestServer.FunctionKey, TestServer.FunctionKey, TestServer.AdminKey, "wrong", string.Empty];

    private static readonly string[] Seeds =
    [
        TestServer.Event("f1", "user_signin", "fz", """{"email":"f@example.com"}"""),
        $"[{TestServer.Event("f2", "sale_complete", "fz", """{"price":3}""")},{TestServer.Event("f3", "page_view", "fz2")}]",
        """{"batch":[{"type":"track","event":"user_signin","userId":"fz3","messageId":"fm1"}]}""",
        """{"type":"identify","userId":"fz4","traits":{"a":1},"timestamp":"2024-01-01T00:00:00Z"}""",
        """{"specversion":"1.0","id":"x","source":"s","type":"t","subject":"u","data":1,"data_base64":"AA=="}""",
        """{"specversion":"1.0","id":"x","source":"s","type":"t","subject":"u","Bad_Name":1}""",
        """{"specversion":"1.0","id":7,"source":"s","type":"t","subject":"u"}""",
        """{"specversion":"1.0","id":"y","source":"s","type":"t","subject":"u","time":"not a time"}""",
        new string('[', 300) + new string(']', 300),
        "\"just a string\"", "null", "[]", "{}", "[1,2,3]", "{\"batch\":{}}", "{\"a\":1}{\"b\":2}",
    ];

    private static Gen<string> Body =>
        Gen.OneOf(
            Gen.Elements(Seeds),
            Gen.Elements(Seeds).SelectMany(seed => Gen.Choose(0, seed.Length).Select(cut => seed[..cut])),
            Gen.Elements(Seeds).SelectMany(seed => Gen.Zip(Gen.Choose(0, Math.Max(0, seed.Length - 1)), Gen.Elements('"', '{', '}', ',', ':', '\\', '\u0000', 'é', '[', ' '))
                .Select(x => seed.Length == 0 ? seed : seed.Remove(x.Item1, 1).Insert(x.Item1, x.Item2.ToString()))),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty));

    private static Gen<FuzzRequest> Requests =>
        from route in Gen.Elements(Routes)
        from suffix in Gen.Elements(Suffixes)
        from contentType in Gen.Elements(ContentTypes)
        from key in Gen.Elements(Keys)
        from body in Body
        from binary in Gen.Elements(false, false, true)
        from ceHeader in Gen.Elements("ce-specversion", "ce-id", "ce-type", "ce-Bad_Name", "ce-data", "ce-subject")
        select new FuzzRequest(route.Method, route.Path + suffix, contentType, key, body, binary ? ceHeader : null);

    [Fact]
    public async Task EveryRoute_UnderBadInput_NeverAnswers500AndKeepsTheDataFolderConsistent()
    {
        var server = await TestServer.StartAsync();
        var acknowledged = 0L;
        var statuses = new Dictionary<int, int>();

        var property = Prop.ForAll(Requests.ToArbitrary(), request =>
        {
            var (status, accepted) = Send(server.Anonymous, request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            acknowledged += accepted;
            return status < 500;
        });
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(400));

        using var health = await server.Anonymous.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode);
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 5, $"the fuzz reached too few error kinds: {string.Join(", ", statuses)}");
        await Eventually.GetAsync(() => Task.FromResult((server.Runtime.Backlog() == 0, server.Runtime.Backlog())), "the backlog to drain");
        await server.DisposeAsync();

        await using var reopened = await TestServer.StartAsync(dataPath: server.DataPath);
        var partitions = reopened.Runtime.Partitions();
        Assert.Equal(acknowledged, partitions.Sum(p => p.Head));
        Assert.All(partitions, p => Assert.Equal(p.Head, p.Checkpoint));
        using var processors = await reopened.Client.GetAsync("/api/processors");
        using var letters = await reopened.Client.GetAsync("/api/deadletters?limit=1000");
        Assert.True(processors.IsSuccessStatusCode && letters.IsSuccessStatusCode);
        reopened.DeleteData();
    }

    /// <summary>Sends one request synchronously (FsCheck properties are synchronous); returns the status and the events it acknowledged.</summary>
    private static (int Status, long Accepted) Send(HttpClient client, FuzzRequest fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
        if (fuzz.Method != "GET")
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(fuzz.Body));
            if (MediaTypeHeaderValue.TryParse(fuzz.ContentType, out var mediaType))
            {
                request.Content.Headers.ContentType = mediaType;
            }
        }

        if (fuzz.Key.Length > 0)
        {
            request.Headers.Add("x-functions-key", fuzz.Key);
        }

        if (fuzz.CeHeader is { } header)
        {
            request.Headers.TryAddWithoutValidation("ce-specversion", "1.0");
            request.Headers.TryAddWithoutValidation("ce-id", "bin-" + fuzz.Body.Length);
            request.Headers.TryAddWithoutValidation("ce-source", "fuzz");
            request.Headers.TryAddWithoutValidation("ce-type", "page_view");
            request.Headers.TryAddWithoutValidation(header, "x%20y");
        }

        using var response = client.Send(request);
        var status = (int)response.StatusCode;
        if (status != 200 || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return (status, 0);
        }

        using var stream = response.Content.ReadAsStream();
        using var document = JsonDocument.Parse(stream);
        return (status, document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("accepted", out var accepted) ? accepted.GetInt64() : 0);
    }

    public sealed record FuzzRequest(string Method, string Path, string ContentType, string Key, string Body, string? CeHeader);
}
