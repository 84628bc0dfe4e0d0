using System.Collections.Concurrent;
using System.Globalization;
using MicroStreams.Embedded.Replay;
using MicroStreams.Processors;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded;

/// <summary>
/// Replays: rebuild a processor into a new generation from history while live processing goes on, shadow a new
/// version beside the live one, backfill a processor that starts from the beginning, and say which processors need a
/// rebuild because their stored state has a version the code cannot read.
/// </summary>
public sealed partial class EmbeddedRuntime
{
    private readonly ConcurrentDictionary<string, ReplayRun> _replays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IProcessor> _shadowVariants = new(StringComparer.Ordinal);

    private ReplayContext ReplayContextOf() => new(_consumers, Log, _store, Options, Time, Router);

    /// <summary>Registers a variant of a processor (same name, new code) that a shadow replay of that name runs by default.</summary>
    public void RegisterShadow(IProcessor variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        _shadowVariants[variant.Spec.Name] = variant;
    }

    /// <summary>Processors that do not run because their stored state needs a rebuild, with the instruction to give it.</summary>
    public IReadOnlyDictionary<string, string> RebuildsRequired()
    {
        var required = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var consumer in _consumers)
        {
            foreach (var (processor, reason) in consumer.PausedProcessors)
            {
                required.TryAdd(processor, reason);
            }
        }

        foreach (var run in _replays.Values)
        {
            if (run.View() is { Status: ReplayStatus.Running, Request.Shadow: false } view)
            {
                required.Remove(view.Processor);
            }
        }

        return required;
    }

    /// <summary>Starts a replay, or says why it cannot (unknown processor, one already running for it, ...).</summary>
    public ReplayStart StartReplay(ReplayRequest request) => StartReplay(request, null);

    private ReplayStart StartReplay(ReplayRequest request, string? reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Router.Find(request.Processor) is not { } live)
        {
            return ReplayStart.Refused(ReplayRefusalReason.UnknownProcessor, $"there is no processor '{request.Processor}'; known: {string.Join(", ", Router.Processors.Select(p => p.Spec.Name))}");
        }

        if (!request.Shadow && !request.CoversEverything
            && RebuildsRequired().TryGetValue(request.Processor, out var pause))
        {
            return ReplayStart.Refused(ReplayRefusalReason.NeedsFullRebuild, $"'{request.Processor}' needs a full rebuild ({pause}): it skipped events that a rebuild of some keys or from a later position would leave unapplied; start one without a key prefix and without a start position");
        }

        if (request.ArchivePath is { } archive && !Directory.Exists(archive))
        {
            return ReplayStart.Refused(ReplayRefusalReason.ArchiveMissing, $"the archive folder '{archive}' does not exist");
        }

        if (!request.Shadow && _replays.Values.Any(r => r.View() is { Status: ReplayStatus.Running or ReplayStatus.Cancelling, Request.Shadow: false } v && v.Processor == request.Processor))
        {
            return ReplayStart.Refused(ReplayRefusalReason.AlreadyRunning, $"a rebuild of '{request.Processor}' is already running");
        }

        var code = request.Shadow ? request.ShadowProcessor ?? _shadowVariants.GetValueOrDefault(request.Processor) ?? live : live;
        if (!string.Equals(code.Spec.Name, live.Spec.Name, StringComparison.Ordinal))
        {
            return ReplayStart.Refused(ReplayRefusalReason.ShadowMismatch, $"the shadow processor is named '{code.Spec.Name}', not '{live.Spec.Name}'");
        }

        var now = Time.GetUtcNow();
        var view = new ReplayView
        {
            Id = "rp_" + now.UtcTicks.ToString("x", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6],
            Processor = request.Processor,
            Mode = request.Shadow ? "shadow" : "rebuild",
            Status = ReplayStatus.Running,
            Generation = request.Shadow ? 0 : _store.Replays.NextGeneration(request.Processor),
            Request = request,
            CreatedAt = now,
            UpdatedAt = now,
            Reason = reason ?? (request.Shadow && ReferenceEquals(code, live) ? "shadow of the live code: a determinism check" : null),
        };
        return ReplayStart.Started(Launch(view, live, code));
    }

    private ReplayView Launch(ReplayView view, IProcessor live, IProcessor code)
    {
        var run = new ReplayRun(ReplayContextOf(), view, live, code);
        _replays[view.Id] = run;

        // Recorded before the run starts, so a replay is listed (and survives a restart) from the moment it is accepted.
        _store.Replays.SaveReplay(view.Id, view.Processor, view.Generation, view.Status, ReplayJson.Write(view), view.CreatedAt, Time.GetUtcNow());
        run.Start();
        return run.View();
    }

    public ReplayView? GetReplay(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _replays.TryGetValue(id, out var run) ? run.View() : Replays().FirstOrDefault(r => r.Id == id);
    }

    /// <summary>Every replay this data folder has seen, newest first (running ones with live progress).</summary>
    public IReadOnlyList<ReplayView> Replays() =>
        [.. _store.Replays.ReadReplays().Select(r => _replays.TryGetValue(r.Id, out var run) ? run.View() : ReplayJson.Read(r.View) with { Status = r.Status })];

    /// <summary>Asks a running replay to stop; the live generation stays as it is (a rebuild switches all partitions at once or none). False when it is not running.</summary>
    public bool CancelReplay(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_replays.TryGetValue(id, out var run) && run.View().Status == ReplayStatus.Running)
        {
            run.Cancel();
            return true;
        }

        return false;
    }

    /// <summary>Completes when the replay has finished (completed, cancelled or failed) and returns its final view.</summary>
    public async Task<ReplayView?> WaitForReplayAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!_replays.TryGetValue(id, out var run))
        {
            return GetReplay(id);
        }

        await run.Completion.WaitAsync(cancellationToken);
        return run.View();
    }

    /// <summary>Completes when the rebuild <paramref name="id"/> has read history and starts holding the partitions to switch (tests).</summary>
    internal Task ReplaySwitchingAsync(string id) => _replays[id].Switching;

    /// <summary>Holds a partition's consumer still, as a rebuild's switch does, until <see cref="ReleasePartition"/> (tests).</summary>
    internal Task HoldPartitionAsync(int partition) => _consumers[partition].HoldAsync(CancellationToken.None);

    internal void ReleasePartition(int partition) => _consumers[partition].Release();

    /// <summary>How far a partition's consumer has fired its timers: a rebuild fires its own up to here when it switches (tests).</summary>
    internal DateTimeOffset FiredHorizonOf(int partition) => _consumers[partition].Watermark;

    /// <summary>Each worker of <paramref name="processor"/> as its encoded record, by default without the generation (what a determinism check compares).</summary>
    public async Task<IReadOnlyDictionary<string, string>> EncodedWorkersAsync(string processor, bool withGeneration = false, CancellationToken cancellationToken = default)
    {
        var code = Router.Find(processor) ?? throw new ArgumentException($"there is no processor '{processor}'", nameof(processor));
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var consumer in _consumers)
        {
            await consumer.InspectAsync(workers =>
            {
                foreach (var (id, worker) in workers)
                {
                    if (id.Processor == processor)
                    {
                        all[id.Key] = withGeneration ? System.Text.Encoding.UTF8.GetString(State.WorkerCodec.Encode(worker, code)) : ReplayJson.StateOf(worker, code);
                    }
                }

                return 0;
            }, cancellationToken);
        }

        return all;
    }

    /// <summary>
    /// At start, before processing: restores the pauses of processors waiting for a rebuild, resumes replays a stop
    /// interrupted (from the start), registers processors seen for the first time and backfills those that start from the beginning.
    /// </summary>
    private void PrepareReplays()
    {
        var now = Time.GetUtcNow();

        // A stop between a rebuild's switch and the drop of the versions it replaced leaves rows no reader sees: drop them now
        // (and any unseen version an interrupted rebuild wrote, which it writes again when it resumes).
        _store.Projections.DropUnseenProjectionVersions();

        // Pauses outlive a stop: the events a paused processor skipped are owed to the next full rebuild of it.
        foreach (var (processor, partition, reason) in _store.Replays.ReadPauses())
        {
            if (Router.Find(processor) is not null && partition < _consumers.Length)
            {
                _consumers[partition].Pause(processor, reason);
            }
        }

        foreach (var (id, status, json) in _store.Replays.ReadReplays())
        {
            if (status is not (ReplayStatus.Running or ReplayStatus.Cancelling))
            {
                continue;
            }

            var view = ReplayJson.Read(json);
            if (status == ReplayStatus.Cancelling || Router.Find(view.Processor) is not { } live)
            {
                _store.Replays.SaveReplay(id, view.Processor, view.Generation, ReplayStatus.Cancelled, ReplayJson.Write(view with { Status = ReplayStatus.Cancelled, FinishedAt = now }), view.CreatedAt, now);
                continue;
            }

            // A resumed replay starts over (a rebuild switches every partition at once, so none has switched yet) and pauses
            // nothing: a processor it backfills is paused already (restored above).
            var code = view.Request.Shadow ? _shadowVariants.GetValueOrDefault(view.Processor) ?? live : live;
            Launch(view with { Reason = (view.Reason is null ? string.Empty : view.Reason + "; ") + "resumed after a restart" }, live, code);
        }

        var known = _store.Replays.KnownProcessors();
        var hasHistory = _consumers.Any(c => Log.Head(c.Partition) > 0);
        foreach (var processor in Router.Processors)
        {
            var name = processor.Spec.Name;
            if (!known.ContainsKey(name) && processor.Spec.StartFrom == StartPosition.Beginning && hasHistory && !_store.Workers.HasWorkerRecords(name)
                && !_replays.Values.Any(r => r.View().Processor == name))
            {
                foreach (var consumer in _consumers)
                {
                    consumer.Pause(name, Backfilling);
                    _store.Replays.SavePause(name, consumer.Partition, Backfilling, now);
                }

                StartReplay(new ReplayRequest(name), "backfill: a new processor that starts from the beginning");
            }

            if (!known.TryGetValue(name, out var version) || version != processor.Spec.Version)
            {
                _store.Replays.RegisterProcessor(name, processor.Spec.Version, now);
            }
        }

        foreach (var (processor, reason) in RebuildsRequired())
        {
            ReplayLog.RebuildRequired(_logger, processor, reason);
        }
    }

    private const string Backfilling = "backfilling from the beginning of the log";

    /// <summary>At a stop: replays end without being marked cancelled, so the next start resumes them.</summary>
    private async Task StopReplaysAsync()
    {
        foreach (var run in _replays.Values)
        {
            run.Interrupt();
        }

        await Task.WhenAll(_replays.Values.Select(r => r.Completion.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var run in _replays.Values)
        {
            run.Dispose();
        }
    }

    /// <summary>Writes the retained log to <paramref name="folder"/> in the archive format, which a replay (and the Functions host) reads.</summary>
    public Task<ExportSummary> ExportAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return Task.Run(() => LogExport.Write(Log, folder, cancellationToken), cancellationToken);
    }
}
