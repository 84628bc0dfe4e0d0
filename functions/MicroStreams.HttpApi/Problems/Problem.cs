using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Problems;

/// <summary>Builds the API's RFC 7807 answers (<c>application/problem+json</c>); every client mistake is one of these, never a 500.</summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://microstreams.dev/problems/";

    // The relaxed encoder writes '+' in "+00:00" and non-ASCII text as they are (the default escapes them as \u002B):
    // these are application/json answers, never embedded in HTML.
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerOptions.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IResult Of(int status, string slug, string title, string detail, IReadOnlyList<ProblemError>? errors = null) =>
        TypedResults.Json(new ProblemDocument(TypeBase + slug, title, status, detail) { Errors = errors }, Json, ContentType, status);

    public static IResult BadEvents(IReadOnlyList<ProblemError> errors) =>
        Of(StatusCodes.Status400BadRequest, "bad-events", "One or more events are not valid",
            $"{errors.Count} event(s) were rejected; nothing in the request was appended", errors);

    public static IResult BadRequest(string detail, string field = "$", int index = 0) =>
        Of(StatusCodes.Status400BadRequest, "bad-request", "The request is not valid", detail, [new ProblemError(index, field, detail)]);

    public static IResult Unauthorized(string detail) =>
        Of(StatusCodes.Status401Unauthorized, "unauthorized", "A valid key is required", detail);

    public static IResult Forbidden(string detail) =>
        Of(StatusCodes.Status403Forbidden, "forbidden", "The admin key is required", detail);

    public static IResult NotFound(string detail) =>
        Of(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    public static IResult Conflict(string detail) =>
        Of(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state", detail);

    public static IResult TooLarge(string detail, IReadOnlyList<ProblemError>? errors = null) =>
        Of(StatusCodes.Status413PayloadTooLarge, "too-large", "The request or an event is too large", detail, errors);

    public static IResult UnsupportedMediaType(string detail) =>
        Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", detail);

    /// <summary>429: the caller also puts the wait in the <c>Retry-After</c> header.</summary>
    public static IResult Backpressure(string detail) =>
        Of(StatusCodes.Status429TooManyRequests, "backpressure", "Too many unprocessed events", detail);

    /// <summary>The problem document of a port's refusal.</summary>
    public static IResult For(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind switch
        {
            RefusalKind.NotFound => NotFound(refusal.Detail),
            RefusalKind.Conflict => Conflict(refusal.Detail),
            _ => BadRequest(refusal.Detail, refusal.Field),
        };
    }

    /// <summary>Writes a problem straight to the response, for middleware that runs outside endpoints.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string slug, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, new ProblemDocument(TypeBase + slug, title, status, detail) { Instance = context.Request.Path }, Json, context.RequestAborted);
    }
}
