namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>A page of effects, newest first; <see cref="Next"/> is the link to the older ones, null on the last page.</summary>
internal sealed record EffectList(IReadOnlyList<EffectItem> Items, string? Next);
