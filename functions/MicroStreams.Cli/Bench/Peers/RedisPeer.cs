using MicroStreams.Embedded;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Workers;
using StackExchange.Redis;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// Redis Streams as log and state, built the way a competent team would: one stream per partition fed by pipelined
/// <c>XADD</c>s, a consumer group with one consumer per partition stream reading batches with <c>XREADGROUP</c>,
/// worker records in a hash per partition, timers in a sorted set per partition (score = due), effects appended to an
/// outbox stream; each batch's state, timers, outbox, checkpoint and <c>XACK</c> go in one <c>MULTI</c>/<c>EXEC</c>.
/// Durability is the server's AOF: <c>appendfsync always</c> for Full, <c>everysec</c> for Normal.
/// </summary>
public sealed class RedisPeer : IPeer
{
    private const string Group = "g";
    private const string Outbox = "outbox";
    private const string Checkpoints = "checkpoints";
    private readonly ConnectionMultiplexer _redis;
    private readonly IReadOnlyList<IProcessor> _processors;
    private readonly int _partitions;
    private readonly int _batch;
    private readonly int _serverPid;

    private RedisPeer(ConnectionMultiplexer redis, IReadOnlyList<IProcessor> processors, int partitions, int batch, int serverPid)
    {
        _redis = redis;
        _processors = processors;
        _partitions = partitions;
        _batch = batch;
        _serverPid = serverPid;
    }

    public string Name => "redis-streams";

    private IDatabase Db => _redis.GetDatabase();

    private IServer Server => _redis.GetServers()[0];

    public static async Task<RedisPeer> ConnectAsync(string endpoint, IReadOnlyList<IProcessor> processors, int partitions, int batch)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var info = await redis.GetServers()[0].InfoAsync("server");
        var pid = info.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "process_id").Value;
        return new RedisPeer(redis, processors, partitions, batch, int.TryParse(pid, out var p) ? p : 0);
    }

    public string DurabilityOf(Durability durability) => durability == Durability.Full ? "AOF always" : "AOF everysec";

    public async Task ResetAsync(Durability durability, CancellationToken cancellationToken)
    {
        await Server.FlushAllDatabasesAsync();
        await Server.ConfigSetAsync("appendfsync", durability == Durability.Full ? "always" : "everysec");
        for (var p = 0; p < _partitions; p++)
        {
            await Db.StreamCreateConsumerGroupAsync(StreamOf(p), Group, "0", createStream: true);
        }
    }

    public async Task IngestAsync(PeerCorpus corpus, int producers, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < corpus.Batches.Length; i = Interlocked.Increment(ref next))
            {
                await AppendAsync(corpus.Batches[i]);
            }
        }, cancellationToken)));
    }

    /// <summary>One producer batch (events per partition) as one pipeline: every XADD sent without waiting, then all replies awaited.</summary>
    public Task AppendAsync(ReadOnlyMemory<byte>[][] batch)
    {
        var pending = new List<Task>();
        for (var p = 0; p < batch.Length; p++)
        {
            foreach (var body in batch[p])
            {
                pending.Add(Db.StreamAddAsync(StreamOf(p), "e", body));
            }
        }

        return Task.WhenAll(pending);
    }

    /// <summary>
    /// The outbox relay a team would run beside the consumers: reads the outbox stream in order and POSTs each webhook
    /// effect to its target with the effect id as the <c>Idempotency-Key</c>, a batch at a time, concurrently within it.
    /// </summary>
    public async Task RelayAsync(HttpClient http, CancellationToken cancellationToken)
    {
        RedisValue last = "0-0";
        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await Db.StreamReadAsync(Outbox, last, _batch);
            if (entries.Length == 0)
            {
                await Task.Delay(1, CancellationToken.None);
                continue;
            }

            await Task.WhenAll(entries.Select(async e =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, (string)e["t"]!) { Content = new StringContent((string)e["p"]!, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", (string)e["id"]!);
                using var response = await http.SendAsync(request, CancellationToken.None);
            }));
            last = entries[^1].Id;
        }
    }

    public async Task<long> DrainAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, _partitions).Select(p => Task.Run(() => ConsumeAsync(p, stopWhenEmpty: true, cancellationToken), cancellationToken)));
        return counts.Sum();
    }

    /// <summary>Consumes until cancelled, polling an empty stream every millisecond (the multiplexer has no blocking reads).</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, _partitions).Select(p => Task.Run(() => ConsumeAsync(p, stopWhenEmpty: false, cancellationToken), CancellationToken.None)));

    public async Task FireDueTimersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var p = 0; p < _partitions; p++)
        {
            var step = new PeerStep(_processors);
            while (true)
            {
                var due = await Db.SortedSetRangeByScoreAsync(TimersOf(p), double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: _batch);
                if (due.Length == 0)
                {
                    break;
                }

                var timers = due.Select(m => PeerKeys.ParseTimerMember(m!)).ToArray();
                var workers = await LoadAsync(step, p, timers.Select(t => t.Worker).ToHashSet());
                foreach (var (id, name) in timers)
                {
                    if (workers.TryGetValue(id, out var worker))
                    {
                        step.Fire(worker, name, now, p);
                    }
                }

                var transaction = Db.CreateTransaction();
                _ = transaction.SortedSetRemoveAsync(TimersOf(p), due);
                await CommitAsync(transaction, step, p, sequence: null, acks: []);
            }
        }
    }

    public async Task<IReadOnlyList<EffectRecord>> EffectsAsync(CancellationToken cancellationToken)
    {
        var entries = await Db.StreamRangeAsync(Outbox);
        return [.. entries.Select(e => new EffectRecord(e["id"]!, e["w"]!, e["ch"]!, e["t"]!, e["p"]!))];
    }

    public ServerUsage? ServerUsage() => _serverPid > 0 ? Peers.ServerUsage.Of(_serverPid) : null;

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private async Task<long> ConsumeAsync(int partition, bool stopWhenEmpty, CancellationToken cancellationToken)
    {
        var step = new PeerStep(_processors);
        var stream = StreamOf(partition);
        var sequence = (long?)await Db.HashGetAsync(Checkpoints, partition) ?? 0;
        long applied = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await Db.StreamReadGroupAsync(stream, Group, $"c{partition}", ">", _batch);
            if (entries.Length == 0)
            {
                if (stopWhenEmpty)
                {
                    break;
                }

                await Task.Delay(1, CancellationToken.None);
                continue;
            }

            var records = new (ReadOnlyMemory<byte>, EventPosition)[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                records[i] = ((ReadOnlyMemory<byte>)entries[i]["e"], new EventPosition(partition, ++sequence));
            }

            var events = step.Read(records);
            var workers = await LoadAsync(step, partition, step.WorkersOf(events));
            step.Apply(events, workers);
            await CommitAsync(Db.CreateTransaction(), step, partition, sequence, [.. entries.Select(e => e.Id)]);
            applied += entries.Length;
        }

        return applied;
    }

    private async Task<Dictionary<WorkerId, Worker>> LoadAsync(PeerStep step, int partition, HashSet<WorkerId> ids)
    {
        var fields = ids.Select(id => (RedisValue)id.ToString()).ToArray();
        var values = await Db.HashGetAsync(WorkersOf(partition), fields);
        var workers = new Dictionary<WorkerId, Worker>(ids.Count);
        foreach (var value in values)
        {
            if (!value.IsNull)
            {
                var worker = step.Decode(((ReadOnlyMemory<byte>)value).Span);
                workers[worker.Id] = worker;
            }
        }

        return workers;
    }

    private static async Task CommitAsync(ITransaction transaction, PeerStep step, int partition, long? sequence, RedisValue[] acks)
    {
        var changes = step.Changes;
        if (changes.Workers.Count > 0)
        {
            _ = transaction.HashSetAsync(WorkersOf(partition), [.. changes.Workers.Values.Select(w => new HashEntry(w.Id.ToString(), step.Encode(w)))]);
        }

        if (changes.ArmedTimers.Count > 0)
        {
            _ = transaction.SortedSetAddAsync(TimersOf(partition), [.. changes.ArmedTimers.Select(t => new SortedSetEntry(PeerKeys.TimerMember(t.Worker, t.Timer.Name), t.Timer.Due.ToUnixTimeMilliseconds()))]);
        }

        foreach (var effect in changes.Effects)
        {
            _ = transaction.StreamAddAsync(Outbox, [new("id", effect.Id), new("w", effect.Worker.ToString()), new("ch", effect.Channel), new("t", effect.Target), new("p", effect.Payload)]);
        }

        foreach (var (position, reason) in changes.DeadLetters)
        {
            _ = transaction.StreamAddAsync("deadletters", [new("at", position.ToString()), new("reason", reason)]);
        }

        if (sequence is { } seq)
        {
            _ = transaction.HashSetAsync(Checkpoints, partition, seq);
            _ = transaction.StreamAcknowledgeAsync(StreamOf(partition), Group, acks);
        }

        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"the commit of partition {partition} was not executed");
        }

        changes.Clear();
    }

    private static RedisKey StreamOf(int partition) => $"log:{partition}";

    private static RedisKey WorkersOf(int partition) => $"workers:{partition}";

    private static RedisKey TimersOf(int partition) => $"timers:{partition}";
}
