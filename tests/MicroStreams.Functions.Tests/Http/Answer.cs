using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Functions.Tests.Http;

/// <summary>A handler's answer as the client receives it: the result executed against the request's own response.</summary>
internal sealed record Answer(int Status, string? ContentType, string Text, IHeaderDictionary Headers)
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    /// <summary>A request with a body, over a context whose response can be read back.</summary>
    public static HttpRequest Request(string method = "GET", string? contentType = null, string? body = null, string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<Answer> OfAsync(IResult result, HttpRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = request?.HttpContext ?? Request().HttpContext;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8, leaveOpen: true);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, await reader.ReadToEndAsync(), context.Response.Headers);
    }
}
