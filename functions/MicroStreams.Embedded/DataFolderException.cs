namespace MicroStreams.Embedded;

/// <summary>A data folder a host cannot run on (missing, read-only, not a folder), with one sentence saying which and why.</summary>
public sealed class DataFolderException(string message, Exception? inner = null) : IOException(message, inner);
