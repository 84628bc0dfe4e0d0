using System.Collections.Concurrent;
using System.Diagnostics;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>Redrives asked of a consumer from other threads, each answered once its outcome has committed.</summary>
internal sealed class RedriveRequests
{
    private readonly ConcurrentQueue<(WorkerId Worker, ActivityContext Trace, TaskCompletionSource<int> Done)> _queue = new();

    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>Queues a redrive of <paramref name="worker"/> (under the span <paramref name="trace"/>, when traced); the task gives how many dead letters it redrove.</summary>
    public Task<int> Request(WorkerId worker, ActivityContext trace = default)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((worker, trace, done));
        return done.Task;
    }

    /// <summary>Runs every queued redrive with <paramref name="redrive"/>, then <paramref name="commit"/> (when any ran), then
    /// answers the callers: with the counts, or with the exception when either failed.</summary>
    public int RunAll(Func<WorkerId, ActivityContext, int> redrive, Action commit)
    {
        var handled = 0;
        var completions = new List<(TaskCompletionSource<int> Done, int Count)>();
        try
        {
            while (_queue.TryDequeue(out var request))
            {
                completions.Add((request.Done, 0));
                var count = redrive(request.Worker, request.Trace);
                handled += count;
                completions[^1] = (request.Done, count);
            }

            if (completions.Count > 0)
            {
                commit();
            }
        }
        catch (Exception ex)
        {
            foreach (var (done, _) in completions)
            {
                done.TrySetException(ex);
            }

            throw;
        }

        foreach (var (done, count) in completions)
        {
            done.TrySetResult(count);
        }

        return handled;
    }
}
