namespace MicroStreams.Functions.Effects;

/// <summary>A sender answered <see cref="MicroStreams.Effects.EffectDeliveryStatus.Retry"/>: thrown from the activity so the DeliverEffect orchestration's retry policy tries again after its backoff.</summary>
public sealed class EffectRetryException : Exception
{
    public EffectRetryException()
    {
    }

    public EffectRetryException(string message)
        : base(message)
    {
    }

    public EffectRetryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
