using MicroStreams.Embedded.Dashboard;

namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>One event of the live stream.</summary>
internal sealed record EventItem(int Partition, long Sequence, string Id, string Source, string Type, string? Subject, DateTimeOffset Time, DateTimeOffset AppendedAt)
{
    public static EventItem Of(LoggedEvent e) =>
        new(e.Position.Partition, e.Position.Sequence, e.Id, e.Source, e.Type, e.Subject, e.Time, e.AppendedAt);
}
