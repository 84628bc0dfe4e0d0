using System.Text.Json;
using MicroStreams.Functions.Tests.Fakes;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker.Grpc;
using P = Microsoft.DurableTask.Protobuf;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// Runs the app's entities the way the Functions host does: each batch of operations is an encoded protobuf
/// <c>EntityBatchRequest</c> carrying the entity's stored state, handed to <see cref="GrpcEntityRunner.LoadAndRunAsync(string, ITaskEntity, IServiceProvider?)"/>
/// (the isolated worker's entity-trigger entry point, which dispatches through the SDK's <c>TaskEntity</c> shim), and
/// the encoded <c>EntityBatchResult</c> is carried out as the backend would: its state stored (a null state deletes the
/// entity), its signals queued for their scheduled times and its orchestrations recorded. Signals are delivered in
/// due order, FIFO among equals, when the test advances the clock, one operation per batch.
/// </summary>
internal sealed class EntityRuntime(ManualClock clock, Func<string, ITaskEntity> entities, IServiceProvider? services = null)
{
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly List<ScheduledSignal> _signals = [];
    private long _order;

    /// <summary>Orchestrations the entities started, in order: (name, instance id, input JSON).</summary>
    public List<(string Name, string InstanceId, string? Input)> Started { get; } = [];

    /// <summary>Signals not yet delivered (for assertions on what an entity scheduled).</summary>
    public IReadOnlyList<ScheduledSignal> Pending => [.. _signals.OrderBy(s => s.Due).ThenBy(s => s.Order)];

    /// <summary>Runs one batch of operations against the entity's stored state and carries out its result.</summary>
    public async Task<IReadOnlyList<P.OperationResult>> RunBatchAsync(EntityInstanceId id, params (string Operation, string? Input)[] operations)
    {
        var (results, actions) = await DispatchAsync(id, operations);
        foreach (var action in actions)
        {
            Carry(action);
        }

        return results;
    }

    /// <summary>
    /// Runs one batch of operations against the entity's stored state and stores the new state, leaving its actions
    /// (signals, orchestrations started) to the caller, for a caller that schedules them itself.
    /// </summary>
    public async Task<(IReadOnlyList<P.OperationResult> Results, IReadOnlyList<P.OperationAction> Actions)> DispatchAsync(
        EntityInstanceId id, params (string Operation, string? Input)[] operations)
    {
        var request = new P.EntityBatchRequest { InstanceId = id.ToString() };
        if (_states.TryGetValue(id.ToString(), out var state))
        {
            request.EntityState = state;
        }

        foreach (var (operation, input) in operations)
        {
            var op = new P.OperationRequest { Operation = operation, RequestId = Guid.NewGuid().ToString() };
            if (input is not null)
            {
                op.Input = input;
            }

            request.Operations.Add(op);
        }

        var encoded = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(request));
        var answer = await GrpcEntityRunner.LoadAndRunAsync(encoded, entities(id.Name), services);
        var result = P.EntityBatchResult.Parser.ParseFrom(Convert.FromBase64String(answer));
        if (result.FailureDetails is { } failure)
        {
            throw new InvalidOperationException($"entity batch failed: {failure.ErrorType}: {failure.ErrorMessage}");
        }

        Store(id.ToString(), result.EntityState);
        return (result.Results, result.Actions);
    }

    /// <summary>Calls one operation and returns its result, deserialized; a failed operation throws with its failure details.</summary>
    public async Task<T?> CallAsync<T>(EntityInstanceId id, string operation, object? input = null)
    {
        var result = Assert.Single(await RunBatchAsync(id, (operation, Serialize(input))));
        if (result.Failure is { } failed)
        {
            throw new EntityCallFailed(failed.FailureDetails.ErrorType, failed.FailureDetails.ErrorMessage);
        }

        return result.Success.Result is { } json ? JsonSerializer.Deserialize<T>(json) : default;
    }

    /// <summary>Queues a signal, as a client or orchestration would send it.</summary>
    public void Signal(EntityInstanceId id, string operation, object? input, DateTimeOffset? due = null) =>
        SignalJson(id, operation, Serialize(input), due);

    /// <summary>Queues a signal whose input is already serialized (an orchestration's entity message).</summary>
    public void SignalJson(EntityInstanceId id, string operation, string? input, DateTimeOffset? due = null) =>
        _signals.Add(new ScheduledSignal(id.ToString(), operation, input, due ?? clock.Now, _order++));

    /// <summary>Moves the clock to <paramref name="until"/>, delivering every signal due by then (and those they send) at its due time.</summary>
    public async Task<int> AdvanceToAsync(DateTimeOffset until)
    {
        var delivered = 0;
        while (_signals.Where(s => s.Due <= until).OrderBy(s => s.Due).ThenBy(s => s.Order).FirstOrDefault() is { } next)
        {
            _signals.Remove(next);
            if (next.Due > clock.Now)
            {
                clock.Now = next.Due;
            }

            var id = EntityId(next.InstanceId);
            var result = Assert.Single(await RunBatchAsync(id, (next.Operation, next.Input)));
            Assert.True(result.Failure is null, $"signal {next.Operation} to {next.InstanceId} failed: {result.Failure?.FailureDetails}");
            delivered++;
        }

        if (until > clock.Now)
        {
            clock.Now = until;
        }

        return delivered;
    }

    /// <summary>The entity's stored state as the runtime keeps it (serialized JSON), or null when the entity does not exist.</summary>
    public string? StoredState(EntityInstanceId id) => _states.GetValueOrDefault(id.ToString());

    public T? State<T>(EntityInstanceId id) => StoredState(id) is { } json ? JsonSerializer.Deserialize<T>(json) : default;

    public bool Exists(EntityInstanceId id) => _states.ContainsKey(id.ToString());

    /// <summary>The keys of the existing entities named <paramref name="name"/>, as the client's entity query lists them.</summary>
    public IReadOnlyList<string> Keys(string name) =>
        [.. _states.Keys.Select(EntityId).Where(id => id.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(id => id.Key).Order(StringComparer.Ordinal)];

    private static string? Serialize(object? input) => input is null ? null : JsonSerializer.Serialize(input, input.GetType());

    /// <summary>The entity id of a scheduler instance id (<c>@name@key</c>).</summary>
    public static EntityInstanceId EntityId(string instanceId)
    {
        var at = instanceId.IndexOf('@', 1);
        return new EntityInstanceId(instanceId[1..at], instanceId[(at + 1)..]);
    }

    private void Store(string instanceId, string? state)
    {
        if (state is null)
        {
            _states.Remove(instanceId);
        }
        else
        {
            _states[instanceId] = state;
        }
    }

    private void Carry(P.OperationAction action)
    {
        switch (action.OperationActionTypeCase)
        {
            case P.OperationAction.OperationActionTypeOneofCase.SendSignal:
                var signal = action.SendSignal;
                var due = signal.ScheduledTime is { } at ? at.ToDateTimeOffset() : clock.Now;
                _signals.Add(new ScheduledSignal(signal.InstanceId, signal.Name, signal.Input, due, _order++));
                break;
            case P.OperationAction.OperationActionTypeOneofCase.StartNewOrchestration:
                var start = action.StartNewOrchestration;
                Started.Add((start.Name, start.InstanceId, start.Input));
                break;
            default:
                throw new InvalidOperationException($"unknown entity action {action.OperationActionTypeCase}");
        }
    }

    internal sealed record ScheduledSignal(string InstanceId, string Operation, string? Input, DateTimeOffset Due, long Order);
}

/// <summary>An entity operation that failed in the runtime, with the failure details it reported.</summary>
internal sealed class EntityCallFailed(string errorType, string message) : Exception($"{errorType}: {message}")
{
    public string ErrorType { get; } = errorType;
}
