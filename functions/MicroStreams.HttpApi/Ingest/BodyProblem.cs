namespace MicroStreams.Http.Ingest;

/// <summary>Why a request body could not be read: each maps to its own problem document.</summary>
public enum BodyProblem
{
    None,
    TooLarge,
    UnsupportedEncoding,
    MalformedGzip,
}
