namespace MicroStreams.Http.OpenApi.Contracts;

internal sealed record Health(string Status);

internal sealed record Readiness(string Status, long Backlog);

internal sealed record ClockReading(DateTimeOffset Now, bool Simulated);
