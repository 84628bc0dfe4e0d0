namespace MicroStreams.Workers;

/// <summary>The life of a worker: active until it retires, or quarantined after a poison event until redriven.</summary>
public enum WorkerStatus
{
    Active = 0,
    Retired = 1,
    Quarantined = 2,
}
