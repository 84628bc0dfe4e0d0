using MicroStreams.Embedded;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Workers;
using Npgsql;
using NpgsqlTypes;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// PostgreSQL as log and state: a log table per partition appended in batches (one multi-row insert per partition, one
/// transaction per producer batch); a consumer per partition reads the next batch after its checkpoint, loads the
/// workers it touches, and upserts worker records and timers, inserts outbox rows and moves its checkpoint in one
/// transaction. Durability: <c>synchronous_commit=on</c> for Full, <c>off</c> for Normal (a crash of the server loses no
/// committed data with either; an OS crash may lose the last commits with <c>off</c>, as with SQLite's NORMAL).
/// </summary>
public sealed class PostgresPeer(string connectionString, IReadOnlyList<IProcessor> processors, int partitions, int batch) : IPeer
{
    private NpgsqlDataSource? _source;
    private int _serverPid;

    public string Name => "postgres";

    private NpgsqlDataSource Source => _source ?? throw new InvalidOperationException("reset the peer first");

    public string DurabilityOf(Durability durability) => durability == Durability.Full ? "synchronous_commit=on" : "synchronous_commit=off";

    public async Task ResetAsync(Durability durability, CancellationToken cancellationToken)
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Options = $"-c synchronous_commit={(durability == Durability.Full ? "on" : "off")}" };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        var schema = new System.Text.StringBuilder("DROP TABLE IF EXISTS workers, timers, outbox, checkpoints, deadletters;");
        for (var p = 0; p < partitions; p++)
        {
            schema.Append($"DROP TABLE IF EXISTS log_{p}; CREATE TABLE log_{p} (seq bigserial PRIMARY KEY, body bytea NOT NULL);");
        }

        schema.Append("""
            CREATE TABLE workers (id text PRIMARY KEY, part int NOT NULL, body bytea NOT NULL);
            CREATE TABLE timers (member text PRIMARY KEY, part int NOT NULL, due bigint NOT NULL);
            CREATE INDEX timers_due ON timers (part, due);
            CREATE TABLE outbox (id text PRIMARY KEY, worker text NOT NULL, channel text NOT NULL, target text NOT NULL, payload text NOT NULL);
            CREATE TABLE checkpoints (part int PRIMARY KEY, seq bigint NOT NULL);
            CREATE TABLE deadletters (at text NOT NULL, reason text NOT NULL);
            """);
        await using var command = Source.CreateCommand(schema.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var pid = Source.CreateCommand("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
        var dataDirectory = (string?)await pid.ExecuteScalarAsync(cancellationToken);
        _serverPid = ServerPid(dataDirectory);
    }

    public async Task IngestAsync(PeerCorpus corpus, int producers, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await Source.OpenConnectionAsync(cancellationToken);
            for (var i = Interlocked.Increment(ref next); i < corpus.Batches.Length; i = Interlocked.Increment(ref next))
            {
                // One round trip and one implicit transaction per producer batch: a multi-row insert per partition.
                await using var append = new NpgsqlBatch(connection);
                for (var p = 0; p < corpus.Batches[i].Length; p++)
                {
                    if (corpus.Batches[i][p] is { Length: > 0 } events)
                    {
                        var command = new NpgsqlBatchCommand($"INSERT INTO log_{p} (body) SELECT unnest($1::bytea[])");
                        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.ToArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                        append.BatchCommands.Add(command);
                    }
                }

                await append.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken)));
    }

    public async Task<long> DrainAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => Task.Run(() => ConsumeAsync(p, cancellationToken), cancellationToken)));
        return counts.Sum();
    }

    public async Task FireDueTimersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        for (var p = 0; p < partitions; p++)
        {
            var step = new PeerStep(processors);
            while (true)
            {
                var due = new List<string>();
                await using (var select = new NpgsqlCommand("SELECT member FROM timers WHERE part = $1 AND due <= $2 ORDER BY due LIMIT $3", connection))
                {
                    select.Parameters.Add(new() { Value = p });
                    select.Parameters.Add(new() { Value = now.ToUnixTimeMilliseconds() });
                    select.Parameters.Add(new() { Value = batch });
                    await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        due.Add(reader.GetString(0));
                    }
                }

                if (due.Count == 0)
                {
                    break;
                }

                var timers = due.Select(PeerKeys.ParseTimerMember).ToArray();
                var workers = await LoadAsync(connection, step, timers.Select(t => t.Worker).ToHashSet(), cancellationToken);
                foreach (var (id, name) in timers)
                {
                    if (workers.TryGetValue(id, out var worker))
                    {
                        step.Fire(worker, name, now, p);
                    }
                }

                var remove = new NpgsqlBatchCommand("DELETE FROM timers WHERE member = ANY($1) AND due <= $2");
                remove.Parameters.Add(new() { Value = due.ToArray() });
                remove.Parameters.Add(new() { Value = now.ToUnixTimeMilliseconds() });
                await CommitAsync(connection, step, p, sequence: null, [remove], cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<EffectRecord>> EffectsAsync(CancellationToken cancellationToken)
    {
        var effects = new List<EffectRecord>();
        await using var command = Source.CreateCommand("SELECT id, worker, channel, target, payload FROM outbox");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            effects.Add(new EffectRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return effects;
    }

    public ServerUsage? ServerUsage() => _serverPid > 0 ? Peers.ServerUsage.Of(_serverPid) : null;

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    private async Task<long> ConsumeAsync(int partition, CancellationToken cancellationToken)
    {
        var step = new PeerStep(processors);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        long checkpoint = 0;
        long applied = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var records = new List<(ReadOnlyMemory<byte>, EventPosition)>(batch);
            await using (var read = new NpgsqlCommand($"SELECT seq, body FROM log_{partition} WHERE seq > $1 ORDER BY seq LIMIT $2", connection))
            {
                read.Parameters.Add(new() { Value = checkpoint });
                read.Parameters.Add(new() { Value = batch });
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    records.Add((reader.GetFieldValue<byte[]>(1), new EventPosition(partition, reader.GetInt64(0))));
                }
            }

            if (records.Count == 0)
            {
                break;
            }

            checkpoint = records[^1].Item2.Sequence;
            var events = step.Read(records);
            var workers = await LoadAsync(connection, step, step.WorkersOf(events), cancellationToken);
            step.Apply(events, workers);
            await CommitAsync(connection, step, partition, checkpoint, [], cancellationToken);
            applied += records.Count;
        }

        return applied;
    }

    private static async Task<Dictionary<WorkerId, Worker>> LoadAsync(NpgsqlConnection connection, PeerStep step, HashSet<WorkerId> ids, CancellationToken cancellationToken)
    {
        var workers = new Dictionary<WorkerId, Worker>(ids.Count);
        await using var command = new NpgsqlCommand("SELECT body FROM workers WHERE id = ANY($1)", connection);
        command.Parameters.Add(new() { Value = ids.Select(id => id.ToString()).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var worker = step.Decode(reader.GetFieldValue<byte[]>(0));
            workers[worker.Id] = worker;
        }

        return workers;
    }

    private static async Task CommitAsync(NpgsqlConnection connection, PeerStep step, int partition, long? sequence, NpgsqlBatchCommand[] extra, CancellationToken cancellationToken)
    {
        // One round trip, one implicit transaction: state, timers, outbox, dead letters and checkpoint together.
        var changes = step.Changes;
        await using var commit = new NpgsqlBatch(connection);
        foreach (var command in extra)
        {
            commit.BatchCommands.Add(command);
        }

        if (changes.Workers.Count > 0)
        {
            commit.BatchCommands.Add(Command(
                "INSERT INTO workers (id, part, body) SELECT id, $2, body FROM unnest($1::text[], $3::bytea[]) AS t(id, body) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                changes.Workers.Keys.Select(id => id.ToString()).ToArray(), partition, changes.Workers.Values.Select(step.Encode).ToArray()));
        }

        if (changes.ArmedTimers.Count > 0)
        {
            // A worker re-armed twice in one batch: the later arming wins (an upsert may not touch a row twice).
            var timers = new Dictionary<string, long>();
            foreach (var (worker, timer) in changes.ArmedTimers)
            {
                timers[PeerKeys.TimerMember(worker, timer.Name)] = timer.Due.ToUnixTimeMilliseconds();
            }

            commit.BatchCommands.Add(Command(
                "INSERT INTO timers (member, part, due) SELECT m, $2, d FROM unnest($1::text[], $3::bigint[]) AS t(m, d) ON CONFLICT (member) DO UPDATE SET due = excluded.due",
                timers.Keys.ToArray(), partition, timers.Values.ToArray()));
        }

        if (changes.Effects.Count > 0)
        {
            var effects = changes.Effects;
            commit.BatchCommands.Add(Command(
                "INSERT INTO outbox (id, worker, channel, target, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (id) DO NOTHING",
                effects.Select(e => e.Id).ToArray(), effects.Select(e => e.Worker.ToString()).ToArray(), effects.Select(e => e.Channel).ToArray(), effects.Select(e => e.Target).ToArray(), effects.Select(e => e.Payload).ToArray()));
        }

        if (changes.DeadLetters.Count > 0)
        {
            commit.BatchCommands.Add(Command("INSERT INTO deadletters (at, reason) SELECT * FROM unnest($1::text[], $2::text[])",
                changes.DeadLetters.Select(d => d.Position.ToString()).ToArray(), changes.DeadLetters.Select(d => d.Reason).ToArray()));
        }

        if (sequence is { } seq)
        {
            commit.BatchCommands.Add(Command("INSERT INTO checkpoints (part, seq) VALUES ($1, $2) ON CONFLICT (part) DO UPDATE SET seq = excluded.seq", partition, seq));
        }

        if (commit.BatchCommands.Count > 0)
        {
            await commit.ExecuteNonQueryAsync(cancellationToken);
        }

        changes.Clear();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is byte[][] bytes ? new NpgsqlParameter { Value = bytes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea } : new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static int ServerPid(string? dataDirectory)
    {
        try
        {
            return dataDirectory is not null && int.TryParse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
