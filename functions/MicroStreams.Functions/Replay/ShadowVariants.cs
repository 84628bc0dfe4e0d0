using MicroStreams.Processors;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>Processors registered as the new code a shadow replay of their name runs (a shadow of a name without one runs the live code).</summary>
public sealed class ShadowVariants(IEnumerable<IProcessor> variants)
{
    private readonly Dictionary<string, IProcessor> _byName = variants.ToDictionary(v => v.Spec.Name, StringComparer.Ordinal);

    public static ShadowVariants None { get; } = new([]);

    public IProcessor? Find(string processor) => _byName.GetValueOrDefault(processor);
}
