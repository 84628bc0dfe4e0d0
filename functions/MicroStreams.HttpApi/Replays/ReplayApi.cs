using System.Text.Json;
using MicroStreams.Http.Problems;
using MicroStreams.Replay;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Replays;

/// <summary>The replay handlers: start one (202 with the view and its Location), list them, read one with progress, cancel one.</summary>
public static class ReplayApi
{
    public const string Route = "/api/replays";

    public static async Task<IResult> StartAsync(HttpRequest request, IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runner);
        ReplayRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ReplayRequest>(request.Body, ReplayJsonOptions.Default, cancellationToken);
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
        return TypedResults.Json(view, ReplayJsonOptions.Default, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListAsync(IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return TypedResults.Json(await runner.ListAsync(cancellationToken), ReplayJsonOptions.Default);
    }

    public static async Task<IResult> GetAsync(string id, IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return await runner.GetAsync(id, cancellationToken) is { } view ? TypedResults.Json(view, ReplayJsonOptions.Default) : Problem.NotFound($"there is no replay '{id}'");
    }

    public static async Task<IResult> CancelAsync(string id, IReplayRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var cancelled = await runner.CancelAsync(id, cancellationToken);
        return cancelled.Value is { } view
            ? TypedResults.Json(view, ReplayJsonOptions.Default, statusCode: StatusCodes.Status202Accepted)
            : Problem.For(cancelled.Refusal!);
    }
}
