namespace MicroStreams.Processors;

/// <summary>Stored state has a version this processor cannot read; the processor must be rebuilt by replay.</summary>
public sealed class StateVersionException(string processor, int storedVersion, int currentVersion)
    : Exception($"processor '{processor}' is at version {currentVersion} but stored state is version {storedVersion} and it declares no upgrade; rebuild it with 'microstreams replay start --processor {processor}'")
{
    public string Processor { get; } = processor;
    public int StoredVersion { get; } = storedVersion;
    public int CurrentVersion { get; } = currentVersion;
}
