namespace MicroStreams.DeadLetters;

/// <summary>Why a record is in the dead-letter store.</summary>
public enum DeadLetterKind
{
    /// <summary>The log record is not a valid CloudEvent; its raw bytes are kept.</summary>
    Unparseable = 0,

    /// <summary>A processor threw on the event on every attempt; its worker was quarantined.</summary>
    HandlerFailed = 1,

    /// <summary>The event reached a quarantined worker and waits, in order, to be redriven.</summary>
    Parked = 2,

    /// <summary>A processor threw on a fired timer on every attempt.</summary>
    TimerFailed = 3,

    /// <summary>An effect could not be delivered within its maximum age, or the destination refused it for good.</summary>
    EffectUndeliverable = 4,
}
