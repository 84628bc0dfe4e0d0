using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.State;
using MicroStreams.Processors;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Projections;

/// <summary>
/// Where a rebuild's projection rows go. A projection the rebuilt processor declares, and no other processor does, gets a
/// new version (current + 1) that no reader sees: the rebuild writes its rows there, the switch makes it current in the
/// same transaction as the new generation's worker records, and the replaced version's rows are dropped afterwards. So a
/// reader sees the old rows until the switch and only the new ones after it, never a half-built projection. Live writes
/// during the rebuild go to the current version, read by no one once the switch is made: the rebuild reads the log up to
/// the live checkpoints with every consumer held still, so the new version holds every row the new generation wrote up to
/// the switch, and live writes after it go to the new (then current) version. Rows of other projections (undeclared, shared
/// with another processor, or any rebuild of some keys only, which keeps the other keys' rows) go into the current version
/// with the switch.
/// </summary>
internal sealed class ProjectionRebuild
{
    private ProjectionRebuild(Dictionary<string, long> newVersions) => NewVersions = newVersions;

    /// <summary>Projections that get a new version, and that version.</summary>
    public IReadOnlyDictionary<string, long> NewVersions { get; }

    /// <summary>Chooses the versioned projections and empties each new version of what an abandoned rebuild left there.</summary>
    public static ProjectionRebuild Begin(ProjectionRowStore store, IProcessor processor, IReadOnlyList<IProcessor> processors, ReplayRequest request)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.KeyPrefix))
        {
            return new ProjectionRebuild(versions);
        }

        var shared = processors.Where(p => p.Spec.Name != processor.Spec.Name).SelectMany(p => p.Spec.Projections).ToHashSet(StringComparer.Ordinal);
        foreach (var projection in processor.Spec.Projections.Distinct(StringComparer.Ordinal).Where(p => !shared.Contains(p)))
        {
            versions[projection] = store.NewProjectionVersion(projection);
        }

        return new ProjectionRebuild(versions);
    }

    /// <summary>Before the switch, outside the gates: moves the rows of the new versions read so far into them (unseen until the switch).</summary>
    public void WriteHidden(ProjectionRowStore store, IReadOnlyList<PartitionRebuild> rebuilds, DateTimeOffset now)
    {
        var rows = new Dictionary<(string Projection, string Key), string?>();
        foreach (var rebuild in rebuilds)
        {
            foreach (var projection in NewVersions.Keys)
            {
                foreach (var (key, document) in rebuild.Projections.Take(projection) ?? [])
                {
                    rows[(projection, key)] = document;
                }
            }
        }

        if (rows.Count > 0)
        {
            store.WriteProjectionRows(rows, NewVersions, now);
        }
    }

    /// <summary>Every row the rebuilds hold still, in partition order (a later partition's write of the same row wins).</summary>
    public static Dictionary<(string Projection, string Key), string?> Remaining(IReadOnlyList<PartitionRebuild> rebuilds)
    {
        var rows = new Dictionary<(string Projection, string Key), string?>();
        foreach (var rebuild in rebuilds)
        {
            foreach (var (projection, key, document) in rebuild.Projections.All())
            {
                rows[(projection, key)] = document;
            }
        }

        return rows;
    }

    /// <summary>After the switch: drops the rows of the versions the new ones replaced.</summary>
    public void DropReplaced(ProjectionRowStore store)
    {
        foreach (var (projection, version) in NewVersions)
        {
            store.DropProjectionRows(projection, keep: version);
        }
    }

    /// <summary>When the rebuild does not switch: drops the rows written into the new versions (no one ever saw them).</summary>
    public void Abandon(ProjectionRowStore store)
    {
        foreach (var (projection, version) in NewVersions)
        {
            store.DropProjectionVersion(projection, version);
        }
    }
}
