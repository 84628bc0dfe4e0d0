using MicroStreams.Effects;
using MicroStreams.Processors;

namespace MicroStreams.Hosting;

/// <summary>
/// The processors and effect senders registered on the builder, built once when a host first asks. Names must be
/// unique: two processors with one name, or a sender whose <see cref="IEffectSender.Channel"/> differs from the
/// channel it was registered for, stop the host at start with a message that says which.
/// </summary>
public sealed class ProcessorCatalog(IEnumerable<ProcessorRegistration> processors, IEnumerable<EffectChannelRegistration> channels, IServiceProvider services)
{
    private readonly Lazy<IReadOnlyList<IProcessor>> _processors = new(() => BuildProcessors(processors, services));
    private readonly Lazy<IReadOnlyDictionary<string, IEffectSender>> _senders = new(() => BuildSenders(channels, services));

    public IReadOnlyList<IProcessor> Processors => _processors.Value;

    /// <summary>One sender per channel; the last registration of a channel wins.</summary>
    public IReadOnlyDictionary<string, IEffectSender> Senders => _senders.Value;

    private static List<IProcessor> BuildProcessors(IEnumerable<ProcessorRegistration> registrations, IServiceProvider services)
    {
        var built = registrations.Select(r => r.Factory(services)).ToList();
        var duplicate = built.GroupBy(p => p.Spec.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"MicroStreams: processor '{duplicate.Key}' is registered {duplicate.Count()} times; processor names must be unique.");
        }

        return built;
    }

    private static Dictionary<string, IEffectSender> BuildSenders(IEnumerable<EffectChannelRegistration> registrations, IServiceProvider services)
    {
        var senders = new Dictionary<string, IEffectSender>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var sender = registration.Factory(services);
            if (!string.Equals(sender.Channel, registration.Channel, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"MicroStreams: the sender registered for channel '{registration.Channel}' ({sender.GetType().Name}) says it delivers '{sender.Channel}'.");
            }

            senders[registration.Channel] = sender;
        }

        return senders;
    }
}
