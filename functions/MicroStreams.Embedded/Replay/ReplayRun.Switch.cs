using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.State;

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

            await ForEachLaneAsync(lanes, lane =>
            {
                CatchUp(lane, lane.Consumer.Checkpoint);
                lane.FireDue(lane.Consumer.Watermark);
            });
            ThrowIfCancelled();
            Commit(lanes, projections);
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

    private void Commit(ReplayLane[] lanes, ProjectionRebuild projections)
    {
        var name = _live.Spec.Name;
        var commits = new List<PartitionCommit>(lanes.Length);
        try
        {
            foreach (var lane in lanes)
            {
                commits.Add(lane.Consumer.StageSwitch(lane.Rebuild, name, _view.Id));
            }

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
