namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>The pending effects per destination, most waiting first.</summary>
internal sealed record DestinationList(DateTimeOffset Now, IReadOnlyList<DestinationItem> Items);
