using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Processors;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>Gathers a shadow's differences partition by partition: workers as their author reads them (see
/// <see cref="ReadableWorker"/>) against the live generation, and effects of the shadow code against those the live
/// generation decided (its outbox) over the same history.</summary>
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

    public void Add(int partition, PartitionRebuild shadow, IReadOnlyList<Effect> decided, IReadOnlyDictionary<WorkerId, Worker> live, IProcessor liveCode, IProcessor shadowCode)
    {
        var name = liveCode.Spec.Name;
        var keys = live.Keys.Where(id => id.Processor == name && shadow.Covers(id.Key)).Concat(shadow.Workers.Values.Select(w => w.Id)).ToHashSet();
        lock (_gate)
        {
            foreach (var id in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                _compared++;
                live.TryGetValue(id, out var l);
                shadow.Workers.TryGetValue(id.Key, out var r);
                if (l is not null && r is not null && string.Equals(ReplayJson.StateOf(l, liveCode), ReplayJson.StateOf(r, shadowCode), StringComparison.Ordinal))
                {
                    continue; // the same record reads the same: the cheap check settles most workers
                }

                var left = l is null ? (JsonElement?)null : ReadableWorker.Of(l, liveCode);
                var right = r is null ? (JsonElement?)null : ReadableWorker.Of(r, shadowCode);
                if (!string.Equals(left?.GetRawText(), right?.GetRawText(), StringComparison.Ordinal))
                {
                    _differing++;
                    if (_workers.Count < ShadowDiff.ListLimit)
                    {
                        _workers.Add(new WorkerDifference(id.Key, partition, left, right));
                    }
                }
            }

            static string Identity(Effect e) => $"{e.Id}\n{e.Channel}\n{e.Target}\n{e.Payload}";
            var liveEffects = decided.Where(e => shadow.Covers(e.Worker.Key)).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
            var liveIds = liveEffects.Select(Identity).ToHashSet(StringComparer.Ordinal);
            var shadowIds = shadow.Effects.Select(Identity).ToHashSet(StringComparer.Ordinal);
            Collect(shadow.Effects.Where(e => !liveIds.Contains(Identity(e))), _onlyShadow, ref _onlyShadowCount);
            Collect(liveEffects.Where(e => !shadowIds.Contains(Identity(e))), _onlyLive, ref _onlyLiveCount);
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
                into.Add(new EffectDifference(e.Id, e.Worker.Key, e.Channel, e.Target, ReadableWorker.Payload(e.Payload), e.CreatedAt));
            }
        }
    }
}
