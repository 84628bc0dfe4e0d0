using MicroStreams.Embedded.Log;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// Which of the live generation's effects a shadow of one partition answers for. A shadow that read the partition
/// from its first record answers for all of them; one that starts later (<c>--from</c>, or a log whose head retention
/// removed) for those created at or after the first record it applied (the earlier of its event and append times).
/// </summary>
internal sealed class ShadowScope(ReplayRequest request)
{
    private bool _seen;

    /// <summary>Whether the shadow has applied any record yet.</summary>
    public bool Applied => _seen;

    /// <summary>The earliest creation time of the live effects to compare; null for all of them.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Looks at a batch the shadow is about to apply, until it finds the first record it applies.</summary>
    public void Observe(List<LogRecord> records)
    {
        if (_seen)
        {
            return;
        }

        foreach (var record in records)
        {
            if ((request.FromSequence is { } from && record.Sequence < from) || (request.FromTime is { } time && record.AppendedAt < time))
            {
                continue;
            }

            _seen = true;
            if (record.Sequence > 1)
            {
                var read = record.ReadEvent();
                Since = read.IsValid && read.Event.Time < record.AppendedAt ? read.Event.Time : record.AppendedAt;
            }

            return;
        }
    }
}
