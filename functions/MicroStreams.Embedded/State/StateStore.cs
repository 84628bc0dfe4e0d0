namespace MicroStreams.Embedded.State;

/// <summary>
/// <c>state.db</c>: one writer connection (<see cref="StateConnection"/>) shared by the stores that each own their tables
/// (see docs/embedded-layout.md), and the two commits that must span several of them atomically: a consumer's batch
/// (<see cref="Commit"/>) and a rebuild's switch (<see cref="CommitRebuild"/>).
/// </summary>
internal sealed partial class StateStore : IDisposable
{
    private readonly StateConnection _db;
    private readonly GroupCommit _group;

    public StateStore(string path, Durability durability)
    {
        _db = new StateConnection(path, durability);
        _db.Create(CheckpointStore.Schema, CheckpointStore.Added);
        _db.Create(WorkerRecordStore.Schema);
        _db.Create(OutboxStore.Schema, OutboxStore.Added);
        _db.Create(DeadLetterStore.Schema);
        _db.Create(ProjectionRowStore.Schema);
        _db.Create(ReplayStore.Schema);
        Checkpoints = new CheckpointStore(_db);
        Workers = new WorkerRecordStore(_db);
        DeadLetters = new DeadLetterStore(_db);
        Outbox = new OutboxStore(_db, DeadLetters);
        Projections = new ProjectionRowStore(_db);
        Replays = new ReplayStore(_db);
        _group = new GroupCommit(WriteGroup);
    }

    /// <summary><c>checkpoints</c>.</summary>
    public CheckpointStore Checkpoints { get; }

    /// <summary><c>worker_snapshots</c> and <c>worker_changes</c>.</summary>
    public WorkerRecordStore Workers { get; }

    /// <summary><c>outbox</c>.</summary>
    public OutboxStore Outbox { get; }

    /// <summary><c>dead_letters</c>.</summary>
    public DeadLetterStore DeadLetters { get; }

    /// <summary><c>projections</c> and <c>projection_rows</c>.</summary>
    public ProjectionRowStore Projections { get; }

    /// <summary><c>replays</c>, <c>replay_partitions</c>, <c>replay_pauses</c> and <c>processor_versions</c>.</summary>
    public ReplayStore Replays { get; }

    /// <summary>A read-only connection of its own, for queries that run beside the writer.</summary>
    public Microsoft.Data.Sqlite.SqliteConnection OpenReadConnection() => _db.OpenReader();

    public void Dispose()
    {
        Projections.Dispose();
        _db.Dispose();
    }
}
