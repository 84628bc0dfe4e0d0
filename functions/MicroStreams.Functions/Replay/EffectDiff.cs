using MicroStreams.Effects;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>Effects one side decided and the other did not, over the same history; the same id, channel, target and payload count as the same effect.</summary>
internal static class EffectDiff
{
    public static (IReadOnlyList<EffectDifference> OnlyInShadow, IReadOnlyList<EffectDifference> OnlyInLive) Between(IReadOnlyList<Effect> shadow, IReadOnlyList<Effect> live)
    {
        var shadowIds = shadow.Select(Identity).ToHashSet(StringComparer.Ordinal);
        var liveIds = live.Select(Identity).ToHashSet(StringComparer.Ordinal);
        return ([.. shadow.Where(e => !liveIds.Contains(Identity(e))).Select(Show)], [.. live.Where(e => !shadowIds.Contains(Identity(e))).Select(Show)]);
    }

    private static string Identity(Effect effect) => $"{effect.Id}\n{effect.Channel}\n{effect.Target}\n{effect.Payload}";

    private static EffectDifference Show(Effect effect) => new(effect.Id, effect.Worker.Key, effect.Channel, effect.Target, ReadableWorker.Payload(effect.Payload), effect.CreatedAt);
}
