using System.Text.Json;
using Microsoft.DurableTask.Client;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>
/// A replay's view from its orchestration's metadata: the output once it has finished (the whole view), else the custom
/// status it publishes after each step, else (not started yet) its input; the runtime status decides the replay status
/// when the orchestration ended without finishing (failed, or terminated by a cancel).
/// </summary>
public static class ReplayViews
{
    public const string CancelledError = "cancelled; workers already switched keep the new generation, the others the old one";

    public static ReplayView? From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var view = Read<ReplayView>(metadata.SerializedOutput)
            ?? Read<ReplayView>(metadata.SerializedCustomStatus)
            ?? Read<ReplayState>(metadata.SerializedInput)?.View;
        if (view is null)
        {
            return null;
        }

        return metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => view with
            {
                Status = ReplayStatus.Failed,
                Error = metadata.FailureDetails is { } failure ? $"{failure.ErrorType}: {failure.ErrorMessage}" : "the replay orchestration failed",
                FinishedAt = view.FinishedAt ?? metadata.LastUpdatedAt,
            },
            OrchestrationRuntimeStatus.Terminated => view with
            {
                Status = ReplayStatus.Cancelled,
                Error = view.Error ?? CancelledError,
                FinishedAt = view.FinishedAt ?? metadata.LastUpdatedAt,
            },
            _ => view,
        };
    }

    private static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, ReplayJsonOptions.Default);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
