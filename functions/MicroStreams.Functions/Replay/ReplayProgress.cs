using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>How a replay's view follows its work: counts from entity reports, a shadow's differences, partitions and progress.</summary>
internal static class ReplayProgress
{
    public static ReplayView Add(ReplayView view, IReadOnlyList<RebuildReport> reports) => view with
    {
        EventsApplied = view.EventsApplied + reports.Sum(r => (long)r.Applied),
        TimersFired = view.TimersFired + reports.Sum(r => (long)r.TimersFired),
        EffectsSuppressed = view.EffectsSuppressed + reports.Sum(r => (long)r.EffectsSuppressed),
        HandlerFailures = view.HandlerFailures + reports.Sum(r => (long)r.HandlerFailures),
        Diff = view.Diff is null ? null : Effects(view.Diff, reports.SelectMany(r => r.OnlyInShadow), reports.SelectMany(r => r.OnlyInLive)),
    };

    public static ReplayView Add(ReplayView view, SwitchReport report)
    {
        var next = view with
        {
            TimersFired = view.TimersFired + report.TimersFired,
            EffectsSuppressed = view.EffectsSuppressed + report.EffectsSuppressed,
        };
        if (report.Outcome != SwitchOutcome.Compared || next.Diff is not { } diff)
        {
            return next;
        }

        diff = Effects(diff, report.OnlyInShadow, report.OnlyInLive) with { WorkersCompared = diff.WorkersCompared + 1 };
        if (report.Difference is { } difference)
        {
            diff = diff with { WorkersDiffering = diff.WorkersDiffering + 1, Workers = Capped(diff.Workers, [difference]) };
        }

        return next with { Diff = diff };
    }

    /// <summary>Partitions and progress from the cursors (as the embedded host: done partitions count whole, targets at least 1).</summary>
    public static ReplayView Update(ReplayState state, DateTimeOffset now)
    {
        var partitions = state.Cursors.Select(c => new ReplayPartitionView(c.Partition, Math.Max(c.Position, 0), Math.Max(c.Target, 0), c.ReadOnce)).ToList();
        var target = partitions.Sum(p => Math.Max(p.Target, 1));
        var read = partitions.Sum(p => p.Done ? Math.Max(p.Target, 1) : Math.Min(p.Position, p.Target));
        return state.View with
        {
            Partitions = partitions,
            Progress = target == 0 ? 1 : Math.Round((double)read / target, 4),
            UpdatedAt = now,
        };
    }

    public static ReplayView Finish(ReplayState state, DateTimeOffset now) => Update(state, now) with
    {
        Status = state.View.Error is null ? ReplayStatus.Completed : ReplayStatus.Failed,
        FinishedAt = now,
    };

    /// <summary>The view without the lists of differences, which may not fit the 16 KB custom status; the counts stay.</summary>
    public static ReplayView Summary(ReplayView view) =>
        view.Diff is null ? view : view with { Diff = view.Diff with { Workers = [], OnlyInShadow = [], OnlyInLive = [] } };

    private static ShadowDiff Effects(ShadowDiff diff, IEnumerable<EffectDifference> onlyInShadow, IEnumerable<EffectDifference> onlyInLive)
    {
        var (shadowList, liveList) = (onlyInShadow.ToList(), onlyInLive.ToList());
        return diff with
        {
            EffectsOnlyInShadow = diff.EffectsOnlyInShadow + shadowList.Count,
            OnlyInShadow = Capped(diff.OnlyInShadow, shadowList),
            EffectsOnlyInLive = diff.EffectsOnlyInLive + liveList.Count,
            OnlyInLive = Capped(diff.OnlyInLive, liveList),
        };
    }

    private static IReadOnlyList<T> Capped<T>(IReadOnlyList<T> kept, List<T> more) =>
        kept.Count >= ShadowDiff.ListLimit || more.Count == 0 ? kept : [.. kept, .. more.Take(ShadowDiff.ListLimit - kept.Count)];
}
