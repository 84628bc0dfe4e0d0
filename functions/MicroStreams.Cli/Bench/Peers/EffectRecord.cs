namespace MicroStreams.Cli.Bench.Peers;

/// <summary>An effect as any target recorded it: what the equality check between MicroStreams and a peer compares.</summary>
public sealed record EffectRecord(string Id, string Worker, string Channel, string Target, string Payload)
{
    public static EffectRecord Of(MicroStreams.Effects.Effect effect) =>
        new(effect.Id, effect.Worker.ToString(), effect.Channel, effect.Target, effect.Payload);

    /// <summary>The part that does not depend on arrival order across producers: who got what kind of message.</summary>
    public string Recipient => $"{Worker}|{Channel}|{Target}";
}
