using System.Net.Http.Headers;
using System.Text;

namespace MicroStreams.Http.Tests.Ingest;

/// <summary>
/// Fixed malformed bodies for the ingest routes (the fuzz finds such cases only by chance): each is answered with an
/// RFC 7807 problem and a 4xx status, never a 500, and appends nothing.
/// </summary>
public sealed class MalformedBodyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Batch = "application/cloudevents-batch+json";
    private const string Structured = "application/cloudevents+json";
    private const string Json = "application/json";

    /// <summary>A valid event's attributes, to be completed or broken by each case.</summary>
    private const string Head = """{"specversion":"1.0","id":"m1","source":"s","type":"page_view","subject":"u1" """;

    private TestServer Server => fixture.Server;

    /// <summary>Route, content type and body; a body's chars U+0080 to U+00FF are sent as the single bytes 0x80 to 0xFF (Latin-1), so invalid UTF-8 can be written.</summary>
    public static TheoryData<string, string, string> Cases { get; } = new()
    {
        // Truncated JSON.
        { "/api/events", Batch, "" },
        { "/api/events", Batch, "[" },
        { "/api/events", Batch, "[{" },
        { "/api/events", Batch, "[" + Head },
        { "/api/events", Batch, "[" + Head + "}," },
        { "/api/events", Batch, "[" + Head + ",\"data\":{\"a\":" },
        { "/api/events", Structured, Head },
        { "/api/events", Structured, "" },
        { "/v1/batch", Json, """{"batch":[{"type":"track","event":"e","userId":"u1" """ },
        { "/v1/batch", Json, "" },
        { "/v1/track", Json, """{"type":"track","event":""" },

        // The wrong top-level type.
        { "/api/events", Batch, Head + "}" },
        { "/api/events", Batch, "\"a string\"" },
        { "/api/events", Batch, "42" },
        { "/api/events", Batch, "null" },
        { "/api/events", Batch, "true" },
        { "/api/events", Batch, "[]" },
        { "/api/events", Structured, "[" + Head + "}]" },
        { "/api/events", Structured, "null" },
        { "/v1/batch", Json, "[]" },
        { "/v1/batch", Json, """{"batch":{}}""" },
        { "/v1/batch", Json, """{"batch":"x"}""" },
        { "/v1/batch", Json, """{"batch":[]}""" },
        { "/v1/batch", Json, "null" },
        { "/v1/track", Json, "[]" },
        { "/v1/track", Json, "7" },

        // Arrays of non-objects.
        { "/api/events", Batch, "[1,2]" },
        { "/api/events", Batch, "[\"a\",\"b\"]" },
        { "/api/events", Batch, "[null]" },
        { "/api/events", Batch, "[[]]" },
        { "/api/events", Batch, "[true," + Head + "}]" },
        { "/v1/batch", Json, """{"batch":[1,null,"x",[]]}""" },

        // Invalid UTF-8 (an 0xFF byte, a cut two-byte sequence, an overlong '/') and escapes of lone surrogates.
        { "/api/events", Batch, "[" + Head + ",\"data\":\"\u00FF\"}]" },
        { "/api/events", Batch, "[{\"specversion\":\"1.0\",\"id\":\"\u00C3\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}]" },
        { "/api/events", Structured, "{\"specversion\":\"1.0\",\"id\":\"\u00C0\u00AF\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}" },
        { "/api/events", Batch, """[{"specversion":"1.0","id":"\ud800","source":"s","type":"t","subject":"u"}]""" },
        { "/api/events", Structured, """{"specversion":"1.0","id":"x","source":"s","type":"t","subject":"\udc00"}""" },
        { "/v1/batch", Json, "{\"batch\":[{\"type\":\"track\",\"event\":\"\u00FF\",\"userId\":\"u1\"}]}" },
        { "/v1/batch", Json, """{"batch":[{"type":"track","event":"e","userId":"\ud800"}]}""" },

        // Huge numbers where a string or a time belongs.
        { "/api/events", Batch, """[{"specversion":"1.0","id":1e999999,"source":"s","type":"t","subject":"u"}]""" },
        { "/api/events", Batch, """[{"specversion":1e400,"id":"x","source":"s","type":"t","subject":"u"}]""" },
        { "/api/events", Batch, """[{"specversion":"1.0","id":"x","source":"s","type":"t","subject":"u","time":99999999999999999999999999}]""" },
        { "/api/events", Structured, """{"specversion":"1.0","id":"x","source":"s","type":"t","subject":"u","time":-1e308}""" },
        { "/api/events", Batch, "[1e999999]" },
        { "/v1/batch", Json, """{"batch":[{"type":"track","event":"e","userId":"u1","timestamp":1e999999}]}""" },
        { "/v1/batch", Json, """{"batch":[{"type":"track","event":"e","userId":"u1","messageId":123456789012345678901234567890}]}""" },

        // Trailing content and nesting past the depth limit.
        { "/api/events", Batch, "[" + Head + "}] x" },
        { "/api/events", Batch, "[] []" },
        { "/api/events", Structured, Head + "}{}" },
        { "/api/events", Batch, new string('[', 100) + new string(']', 100) },
        { "/v1/batch", Json, """{"batch":[]} {}""" },
        { "/v1/batch", Json, "{\"batch\":" + new string('[', 100) + new string(']', 100) + "}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_WhenTheBodyIsMalformed_AnswersA4xxProblemAndAppendsNothing(string path, string contentType, string body)
    {
        var heads = Server.Runtime.Partitions().Sum(p => p.Head);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await Server.Client.SendAsync(request);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{path} answered {status}: {await response.Content.ReadAsStringAsync()}");
        await Problems.AssertProblemAsync(response, status);
        Assert.Equal(heads, Server.Runtime.Partitions().Sum(p => p.Head));
    }
}
