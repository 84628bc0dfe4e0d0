using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.Http.Problems;
using MicroStreams.Replay;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Replays;

/// <summary>The replay handlers: start one (202 with the view and its Location), list them, read one with progress, cancel one.</summary>
public static class ReplayApi
{
    public const string Route = "/api/replays";

    /// <summary>How replays are read and shown: camelCase, enums as camelCase strings, nulls left out (as both hosts store them).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<IResult> StartAsync(HttpRequest request, IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runner);
        ReplayRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ReplayRequest>(request.Body, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problem.BadRequest($"the body is not a replay request: {ex.Message}");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Processor))
        {
            return Problem.BadRequest("give the processor to replay: {\"processor\":\"churn_detection\"}", "$.processor");
        }

        var started = await runner.StartAsync(body, cancellationToken);
        if (started.Value is not { } view)
        {
            return Problem.For(started.Refusal!);
        }

        request.HttpContext.Response.Headers.Location = $"{Route}/{Uri.EscapeDataString(view.Id)}";
        return TypedResults.Json(view, Json, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListAsync(IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return TypedResults.Json(await runner.ListAsync(cancellationToken), Json);
    }

    public static async Task<IResult> GetAsync(string id, IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return await runner.GetAsync(id, cancellationToken) is { } view ? TypedResults.Json(view, Json) : Problem.NotFound($"there is no replay '{id}'");
    }

    public static async Task<IResult> CancelAsync(string id, IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var cancelled = await runner.CancelAsync(id, cancellationToken);
        return cancelled.Value is { } view
            ? TypedResults.Json(view, Json, statusCode: StatusCodes.Status202Accepted)
            : Problem.For(cancelled.Refusal!);
    }
}
