namespace MicroStreams.Http.Inspection;

/// <summary>One processor's effects by delivery status.</summary>
public sealed record EffectCounts(long Pending, long Delivered, long Undeliverable);
