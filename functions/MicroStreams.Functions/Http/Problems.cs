using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MicroStreams.Functions.Http;

/// <summary>
/// The API's RFC 7807 answers (<c>application/problem+json</c>), with the embedded host's problem types, titles and
/// <c>errors</c>, so a client handles both hosts alike.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://microstreams.dev/problems/";

    public static ObjectResult Of(int status, string slug, string title, string detail, IReadOnlyList<EventError>? errors = null)
    {
        var result = new ObjectResult(new ProblemDocument(TypeBase + slug, title, status, detail) { Errors = errors }) { StatusCode = status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult BadEvents(IReadOnlyList<EventError> errors) =>
        Of(StatusCodes.Status400BadRequest, "bad-events", "One or more events are not valid",
            $"{errors.Count} event(s) were rejected; nothing in the request was appended", errors);

    public static ObjectResult BadRequest(string detail, string field = "$", int index = 0) =>
        Of(StatusCodes.Status400BadRequest, "bad-request", "The request is not valid", detail, [new EventError(index, field, detail)]);

    public static ObjectResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    public static ObjectResult Conflict(string detail) => Of(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state", detail);

    public static ObjectResult TooLarge(string detail, IReadOnlyList<EventError>? errors = null) =>
        Of(StatusCodes.Status413PayloadTooLarge, "too-large", "The request or an event is too large", detail, errors);

    public static ObjectResult UnsupportedMediaType(string detail) =>
        Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", detail);

    /// <summary>429: the client should send again after <paramref name="retryAfter"/>, which the caller also puts in the <c>Retry-After</c> header.</summary>
    public static ObjectResult Backpressure(string detail) =>
        Of(StatusCodes.Status429TooManyRequests, "backpressure", "Too many unprocessed events", detail);
}
