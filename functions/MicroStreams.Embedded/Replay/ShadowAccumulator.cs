using MicroStreams.Effects;
using MicroStreams.Processors;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>Gathers a shadow's differences partition by partition: worker states against the live generation, and effects
/// of the shadow code against those of the live code over the same history.</summary>
internal sealed class ShadowAccumulator
{
    private readonly Lock _gate = new();
    private readonly List<WorkerDifference> _workers = [];
    private readonly List<EffectDifference> _onlyShadow = [];
    private readonly List<EffectDifference> _onlyLive = [];
    private long _compared;
    private long _differing;
    private long _onlyShadowCount;
    private long _onlyLiveCount;

    public void Add(int partition, PartitionRebuild shadow, PartitionRebuild baseline, IReadOnlyDictionary<WorkerId, Worker> live, IProcessor liveCode, IProcessor shadowCode)
    {
        var name = liveCode.Spec.Name;
        var keys = live.Keys.Where(id => id.Processor == name && shadow.Covers(id.Key)).Concat(shadow.Workers.Values.Select(w => w.Id)).ToHashSet();
        lock (_gate)
        {
            foreach (var id in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                _compared++;
                var left = live.TryGetValue(id, out var l) ? ReplayJson.StateOf(l, liveCode) : null;
                var right = shadow.Workers.TryGetValue(id.Key, out var r) ? ReplayJson.StateOf(r, shadowCode) : null;
                if (!string.Equals(left, right, StringComparison.Ordinal))
                {
                    _differing++;
                    if (_workers.Count < ShadowDiff.ListLimit)
                    {
                        _workers.Add(new WorkerDifference(id.Key, partition, left, right));
                    }
                }
            }

            static string Identity(Effect e) => $"{e.Id}\n{e.Channel}\n{e.Target}\n{e.Payload}";
            var liveEffects = baseline.Effects.Select(Identity).ToHashSet(StringComparer.Ordinal);
            var shadowEffects = shadow.Effects.Select(Identity).ToHashSet(StringComparer.Ordinal);
            Collect(shadow.Effects.Where(e => !liveEffects.Contains(Identity(e))), _onlyShadow, ref _onlyShadowCount);
            Collect(baseline.Effects.Where(e => !shadowEffects.Contains(Identity(e))), _onlyLive, ref _onlyLiveCount);
        }
    }

    public ShadowDiff Diff()
    {
        lock (_gate)
        {
            return new ShadowDiff
            {
                WorkersCompared = _compared,
                WorkersDiffering = _differing,
                Workers = [.. _workers],
                EffectsOnlyInShadow = _onlyShadowCount,
                OnlyInShadow = [.. _onlyShadow],
                EffectsOnlyInLive = _onlyLiveCount,
                OnlyInLive = [.. _onlyLive],
            };
        }
    }

    private static void Collect(IEnumerable<Effect> effects, List<EffectDifference> into, ref long count)
    {
        foreach (var e in effects)
        {
            count++;
            if (into.Count < ShadowDiff.ListLimit)
            {
                into.Add(new EffectDifference(e.Id, e.Worker.Key, e.Channel, e.Target, e.Payload, e.CreatedAt));
            }
        }
    }
}
