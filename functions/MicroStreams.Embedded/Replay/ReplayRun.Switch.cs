using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.State;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

internal sealed partial class ReplayRun
{
    /// <summary>
    /// Holds every partition's consumer still (gates taken in partition order), catches each lane up to its live checkpoint,
    /// fires its timers up to the live watermark (suppressed: the live generation fired those), then commits the whole
    /// new generation in one transaction: every partition's records and pause, the projections' new versions and the
    /// replay's completion. A cancellation or failure before that commit leaves the live generation exactly as it was.
    /// </summary>
    private async Task SwitchAsync(ReplayLane[] lanes, ProjectionRebuild projections)
    {
        var held = 0;
        _switching.TrySetResult();
        try
        {
            foreach (var lane in lanes)
            {
                await lane.Consumer.HoldAsync(_cancel.Token);
                held++;
            }

            await ForEachAsync(lanes, lane =>
            {
                CatchUp(lane, lane.Consumer.Checkpoint);
                lane.FireDue(lane.Consumer.Watermark);
            });
            ThrowIfCancelled();
            await CommitAsync(lanes, projections);
            foreach (var lane in lanes)
            {
                SetPartition(lane.Partition, p => p with { Position = lane.Rebuild.Position, Target = lane.Consumer.Checkpoint, Done = true });
            }
        }
        finally
        {
            for (var i = 0; i < held; i++)
            {
                lanes[i].Consumer.Release();
            }
        }
    }

    private async Task CommitAsync(ReplayLane[] lanes, ProjectionRebuild projections)
    {
        var name = _live.Spec.Name;
        var commits = new PartitionCommit[lanes.Length];
        try
        {
            // Encoding tens of thousands of rebuilt workers is the longest part of the hold: one partition per core.
            await ForEachAsync(Enumerable.Range(0, lanes.Length), i => commits[i] = lanes[i].Consumer.StageSwitch(lanes[i].Rebuild, name, _view.Id));

            _context.Store.CommitRebuild(commits, ProjectionRebuild.Remaining([.. lanes.Select(l => l.Rebuild)]), projections.NewVersions, _view.Id, _context.Time.GetUtcNow());
        }
        catch
        {
            foreach (var lane in lanes)
            {
                lane.Consumer.AbandonSwitch();
            }

            throw;
        }

        foreach (var lane in lanes)
        {
            lane.Consumer.CompleteSwitch(lane.Rebuild, name);
        }
    }
}
