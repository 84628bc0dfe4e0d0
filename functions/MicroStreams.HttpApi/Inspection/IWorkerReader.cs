namespace MicroStreams.Http.Inspection;

/// <summary>The inspection port: what a host can tell of its workers.</summary>
public interface IWorkerReader
{
    /// <summary>Worker and effect counts by processor, or null when the host does not count them (on Azure, counting would scan every entity).</summary>
    Task<ProcessorCounts?> CountAsync(CancellationToken cancellationToken);

    /// <summary>One worker of a registered processor, or null when no event activated it yet.</summary>
    Task<WorkerInspection?> GetAsync(string processor, string key, CancellationToken cancellationToken);
}
