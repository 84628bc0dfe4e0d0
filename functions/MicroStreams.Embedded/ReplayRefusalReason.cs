namespace MicroStreams.Embedded;

/// <summary>The reasons a replay request is refused.</summary>
public enum ReplayRefusalReason
{
    /// <summary>No processor of that name is registered.</summary>
    UnknownProcessor,

    /// <summary>The processor is paused and only a rebuild of every key from the whole log may make it live again.</summary>
    NeedsFullRebuild,

    /// <summary>The archive folder to read history from does not exist.</summary>
    ArchiveMissing,

    /// <summary>A rebuild of the processor is already running.</summary>
    AlreadyRunning,

    /// <summary>The shadow's code carries another processor's name.</summary>
    ShadowMismatch,
}
