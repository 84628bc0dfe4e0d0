namespace MicroStreams.Embedded;

/// <summary>SQLite's <c>synchronous</c> setting in WAL mode, stated with every benchmark figure.</summary>
public enum Durability
{
    /// <summary>fsync on every commit: an acknowledged append survives power loss.</summary>
    Full,

    /// <summary>fsync at WAL checkpoints: an acknowledged append survives a killed process, not power loss.</summary>
    Normal,
}
