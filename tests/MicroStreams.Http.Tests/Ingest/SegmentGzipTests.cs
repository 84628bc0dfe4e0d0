using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MicroStreams.Http.Tests.Ingest;

/// <summary>Segment-style SDKs gzip their batches by default; the size limit (64 KiB here) holds after decompression too.</summary>
public sealed class SegmentGzipTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private Task<HttpResponseMessage> PostEncodedAsync(string path, byte[] body, string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentEncoding.Add(encoding);
        request.Headers.Add("x-functions-key", TestServer.FunctionKey);
        return Server.Anonymous.SendAsync(request);
    }

    [Theory]
    [InlineData("/v1/batch", "gzip")]
    [InlineData("/v1/track", "gzip")]
    [InlineData("/v1/batch", "identity")]
    public async Task Segment_WhenBodyIsGzipped_DecompressesAndAppliesIt(string path, string encoding)
    {
        var user = ServerFixture.NewKey("gz");
        var message = $$$"""{"type":"track","event":"user_signin","userId":"{{{user}}}","properties":{"email":"{{{user}}}@gzip.example"}}""";
        var json = path == "/v1/batch" ? $$$"""{"batch":[{{{message}}}]}""" : message;

        using var response = await PostEncodedAsync(path, encoding == "gzip" ? Gzip(json) : Encoding.UTF8.GetBytes(json), encoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var worker = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        Assert.Contains("@gzip.example", worker.GetProperty("state").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_WhenGzipInflatesPastTheLimit_Returns413AndAppendsNothing()
    {
        var heads = Server.Runtime.Partitions().Sum(p => p.Head);
        var padding = new string(' ', 1024 * 1024);
        var bomb = Gzip($$$"""{"batch":[{"type":"track","event":"user_signin","userId":"bomb"{{{padding}}}}]}""");

        using var response = await PostEncodedAsync("/v1/batch", bomb, "gzip");

        Assert.True(bomb.Length < 4096, $"the bomb is {bomb.Length} bytes compressed, far under the limit");
        var problem = await Problems.AssertProblemAsync(response, 413);
        Assert.Contains("decompressed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(heads, Server.Runtime.Partitions().Sum(p => p.Head));
    }

    [Fact]
    public async Task Segment_WhenGzipStreamIsMalformed_Returns400()
    {
        var corrupt = Gzip("""{"batch":[{"type":"track","event":"user_signin","userId":"x"}]}""");
        corrupt[12] ^= 0xFF;
        corrupt[13] ^= 0xFF;

        using var notGzip = await PostEncodedAsync("/v1/batch", Encoding.UTF8.GetBytes("""{"batch":[]}"""), "gzip");
        using var damaged = await PostEncodedAsync("/v1/batch", corrupt, "gzip");

        var problem = await Problems.AssertProblemAsync(notGzip, 400);
        Assert.Contains("gzip", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(damaged, 400);
    }

    [Fact]
    public async Task Segment_WhenEncodingIsNotGzip_Returns415()
    {
        using var response = await PostEncodedAsync("/v1/batch", [1, 2, 3], "br");

        var problem = await Problems.AssertProblemAsync(response, 415);
        Assert.Contains("gzip", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
