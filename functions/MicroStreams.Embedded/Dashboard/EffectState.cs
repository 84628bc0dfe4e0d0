namespace MicroStreams.Embedded.Dashboard;

/// <summary>Where an effect is on its way out, as the dashboard tells it: <see cref="EffectStatus"/> with pending split by attempts.</summary>
public enum EffectState
{
    /// <summary>Not tried yet.</summary>
    Pending,

    /// <summary>Tried and failed at least once; waits for its next attempt.</summary>
    Retrying,

    Delivered,

    /// <summary>Undeliverable: too old or refused for good (it is also a dead letter).</summary>
    GivenUp,
}
