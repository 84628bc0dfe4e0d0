namespace MicroStreams.Workers;

/// <summary>Identifies one tiny stateful worker: a processor and the key (usually the user) it runs for.</summary>
public readonly record struct WorkerId(string Processor, string Key)
{
    public override string ToString() => $"{Processor}/{Key}";
}
