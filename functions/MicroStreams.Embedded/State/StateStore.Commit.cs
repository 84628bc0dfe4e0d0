namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    /// <summary>
    /// Commits a consumer batch in one transaction: changelog (or snapshot), outbox, dead letters, projection rows,
    /// redrive marks and, last, the checkpoint. A failure anywhere rolls all of it back, so the batch is applied again.
    /// Batches of other partitions committing at the same moment share the transaction (<see cref="GroupCommit"/>).
    /// </summary>
    public void Commit(PartitionCommit commit, DateTimeOffset now) => _group.Commit(commit, now);

    private void WriteGroup(IReadOnlyList<GroupCommit.Member> group)
    {
        lock (_db.Gate)
        {
            var stored = new List<OutboxEntry>?[group.Count];
            try
            {
                using var transaction = _db.Writer.BeginTransaction();
                for (var i = 0; i < group.Count; i++)
                {
                    stored[i] = Write(transaction, group[i].Commit, group[i].Now);
                }

                transaction.Commit();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (group.Count == 1)
                {
                    group[0].Failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                    return;
                }

                // One batch's failure must not fail the others: each alone, in a transaction of its own.
                for (var i = 0; i < group.Count; i++)
                {
                    try
                    {
                        using var transaction = _db.Writer.BeginTransaction();
                        stored[i] = Write(transaction, group[i].Commit, group[i].Now);
                        transaction.Commit();
                    }
                    catch (Exception single) when (single is not OutOfMemoryException)
                    {
                        stored[i] = null;
                        group[i].Failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(single);
                    }
                }
            }

            foreach (var effects in stored)
            {
                if (effects is not null)
                {
                    Outbox.Announce(effects);
                }
            }
        }
    }

    private List<OutboxEntry>? Write(Microsoft.Data.Sqlite.SqliteTransaction transaction, PartitionCommit commit, DateTimeOffset now)
    {
        List<OutboxEntry>? stored = null;
        if (commit.ChangedWorkers > 0 && commit.Snapshot is null)
        {
            Workers.WriteChangelog(transaction, commit.Partition, commit.Changelog);
        }

        if (commit.Snapshot is { } snapshot)
        {
            Workers.WriteSnapshot(transaction, commit.Partition, snapshot);
        }

        if (commit.Effects.Count > 0)
        {
            stored = Outbox.Write(transaction, commit, now);
        }

        if (commit.DeadLetters.Count > 0)
        {
            DeadLetters.Write(transaction, commit.DeadLetters);
        }

        if (commit.HasProjections)
        {
            Projections.WriteProjections(transaction, commit.Projections, null, now);
        }

        if (commit.Redriven.Count > 0)
        {
            DeadLetters.MarkRedriven(transaction, commit.Redriven);
        }

        Checkpoints.Write(transaction, commit.Partition, commit.Checkpoint, commit.FiredUntil, now);
        return stored;
    }

    /// <summary>
    /// Makes a rebuild's new generation live in one transaction: in every partition the processor's replaced snapshot
    /// records go, its pending dead letters there are superseded, its pause there is lifted when the generation covers
    /// the whole log, the partition's changelog is replaced by the commit's and the rebuild's dead letters are written;
    /// the remaining projection rows go to their new version (or the current one), the new versions become current, and
    /// the replay is marked completed. Readers and a restart see all of it or none of it.
    /// </summary>
    public void CommitRebuild(IReadOnlyList<PartitionCommit> commits, IReadOnlyDictionary<(string Projection, string Key), string?> rows,
        IReadOnlyDictionary<string, long> projectionVersions, string replayId, DateTimeOffset now)
    {
        lock (_db.Gate)
        {
            using (var transaction = _db.Writer.BeginTransaction())
            {
                foreach (var commit in commits)
                {
                    var change = commit.GenerationSwitch!;
                    Workers.DeleteReplacedRecords(transaction, commit.Partition, change);
                    DeadLetters.SupersedePending(transaction, change.Processor, commit.Partition, change.KeyPrefix);
                    Replays.WriteSwitched(transaction, commit.Partition, change, now);
                    Workers.DeleteChangelog(transaction, commit.Partition);
                    Workers.WriteChangelog(transaction, commit.Partition, commit.Changelog);
                    if (commit.DeadLetters.Count > 0)
                    {
                        DeadLetters.Write(transaction, commit.DeadLetters);
                    }
                }

                Projections.WriteProjectionRows(transaction, rows, ProjectionRowStore.VersionIn(projectionVersions), now);
                Projections.SwitchProjectionVersions(transaction, projectionVersions, now);
                Replays.WriteCompleted(transaction, replayId);
                transaction.Commit();
            }

            Projections.AdoptProjectionVersions(projectionVersions);
        }
    }
}
