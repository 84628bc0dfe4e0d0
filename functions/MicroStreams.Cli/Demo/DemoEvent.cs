namespace MicroStreams.Cli.Demo;

/// <summary>One generated event: when it happens, its type and user, its CloudEvent bytes, and whether it is a planted poison event.</summary>
public sealed record DemoEvent(DateTimeOffset Time, string Type, string User, byte[] Bytes, bool Poison);
