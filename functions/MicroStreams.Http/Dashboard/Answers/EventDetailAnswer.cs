using System.Text.Json;

namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>One event: where it is, the whole CloudEvent as stored, and every worker it reached.</summary>
internal sealed record EventDetailAnswer(EventItem Event, JsonElement CloudEvent, IReadOnlyList<ReachItem> Reached);
