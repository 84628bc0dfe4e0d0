using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MicroStreams.Functions.Tests.Fakes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using P = Microsoft.DurableTask.Protobuf;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// Runs one orchestration the way the Functions host does: each episode is an encoded protobuf <c>OrchestratorRequest</c>
/// (past and new history events, the entity parameters a backend with entity support sends), handed to
/// <see cref="GrpcOrchestrationRunner.LoadAndRun(string, ITaskOrchestrator, IServiceProvider?)"/>, the isolated worker's
/// orchestration-trigger entry point, which replays the history through the SDK's shim. The actions it answers are
/// carried out as the backend would: activities run and complete, entity messages (the runtime's <c>op</c> events)
/// reach the <see cref="EntityRuntime"/> (a call answered with the runtime's response event, a signal queued there),
/// and the history grows by the events those actions leave. Timers fire at once (the clock moves to them).
/// </summary>
internal sealed class OrchestrationRuntime(ManualClock clock, EntityRuntime entities)
{
    /// <summary>The shim factory as the Functions worker extension registers it: entity support on (its ConfigureWorkerOptions), the SDK's JSON converter.</summary>
    public static IServiceProvider FunctionsWorkerServices { get; } = new ServiceCollection()
        .AddSingleton(new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true }, NullLoggerFactory.Instance))
        .BuildServiceProvider();

    private readonly Dictionary<string, Func<string?, string?>> _activities = new(StringComparer.Ordinal);

    public int Episodes { get; private set; }

    public OrchestrationRuntime AddActivity<TInput>(string name, Action<TInput> activity)
    {
        _activities[name] = input => { activity(JsonSerializer.Deserialize<TInput>(input ?? "null")!); return null; };
        return this;
    }

    public OrchestrationRuntime AddActivity<TInput, TOutput>(string name, Func<TInput, TOutput> activity)
    {
        _activities[name] = input => JsonSerializer.Serialize(activity(JsonSerializer.Deserialize<TInput>(input ?? "null")!));
        return this;
    }

    /// <summary>Runs the orchestration to its end (through its continue-as-new restarts) and returns its output; a failed orchestration throws with its failure.</summary>
    public async Task<TOutput?> RunAsync<TOutput>(string name, ITaskOrchestrator orchestrator, object input, string instanceId)
    {
        var executionId = Guid.NewGuid().ToString("N");
        var past = new List<P.HistoryEvent>();
        var fresh = Started(name, JsonSerializer.Serialize(input, input.GetType()), instanceId, executionId);
        while (true)
        {
            var request = new P.OrchestratorRequest
            {
                InstanceId = instanceId,
                ExecutionId = executionId,
                EntityParameters = new P.OrchestratorEntityParameters { EntityMessageReorderWindow = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)) },
            };
            request.PastEvents.AddRange(past);
            request.NewEvents.AddRange(fresh);
            var answer = GrpcOrchestrationRunner.LoadAndRun(Convert.ToBase64String(request.ToByteArray()), orchestrator, FunctionsWorkerServices);
            Episodes++;
            var response = P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(answer));
            past.AddRange(fresh);
            fresh = [Event(e => e.OrchestratorStarted = new P.OrchestratorStartedEvent())];
            foreach (var action in response.Actions)
            {
                if (action.CompleteOrchestration is { } complete)
                {
                    switch (complete.OrchestrationStatus)
                    {
                        case P.OrchestrationStatus.Completed:
                            return complete.Result is { } result ? JsonSerializer.Deserialize<TOutput>(result) : default;
                        case P.OrchestrationStatus.ContinuedAsNew:
                            // A new execution with the new input and a fresh history; the messages it sent stand.
                            executionId = Guid.NewGuid().ToString("N");
                            past = [];
                            fresh = Started(name, complete.Result, instanceId, executionId);
                            Restarts++;
                            break;
                        default:
                            throw new InvalidOperationException($"{name} {instanceId}: {complete.OrchestrationStatus} {complete.FailureDetails}");
                    }

                    break;
                }

                past.Add(await CarryAsync(action, instanceId, fresh));
            }

            Assert.True(fresh.Count > 1, $"{name} {instanceId} waits for something this runtime never sends");
        }
    }

    /// <summary>How many times orchestrations continued as new.</summary>
    public int Restarts { get; private set; }

    private List<P.HistoryEvent> Started(string name, string? input, string instanceId, string executionId) =>
    [
        Event(e => e.OrchestratorStarted = new P.OrchestratorStartedEvent()),
        Event(e => e.ExecutionStarted = new P.ExecutionStartedEvent
        {
            Name = name,
            Input = input,
            OrchestrationInstance = new P.OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId },
        }),
    ];

    private async Task<P.HistoryEvent> CarryAsync(P.OrchestratorAction action, string instanceId, List<P.HistoryEvent> fresh)
    {
        switch (action.OrchestratorActionTypeCase)
        {
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                var task = action.ScheduleTask;
                var run = _activities.TryGetValue(task.Name, out var activity) ? activity : throw new InvalidOperationException($"no activity {task.Name}");
                fresh.Add(Event(e => e.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = action.Id, Result = run(ActivityInput(task.Input)) }));
                return Event(e => e.TaskScheduled = new P.TaskScheduledEvent { Name = task.Name, Input = task.Input }, action.Id);
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent:
                var sent = action.SendEvent;
                await DeliverEntityMessageAsync(sent, instanceId, fresh);
                return Event(e => e.EventSent = new P.EventSentEvent { InstanceId = sent.Instance.InstanceId, Name = sent.Name, Input = sent.Data }, action.Id);
            case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                var fireAt = action.CreateTimer.FireAt;
                clock.Now = fireAt.ToDateTimeOffset() > clock.Now ? fireAt.ToDateTimeOffset() : clock.Now;
                fresh.Add(Event(e => e.TimerFired = new P.TimerFiredEvent { TimerId = action.Id, FireAt = fireAt }));
                return Event(e => e.TimerCreated = new P.TimerCreatedEvent { FireAt = fireAt }, action.Id);
            default:
                throw new InvalidOperationException($"this runtime does not carry {action.OrchestratorActionTypeCase}");
        }
    }

    /// <summary>An entity request as the Durable Task core encodes it (an <c>op</c> event whose data is its RequestMessage JSON).</summary>
    private async Task DeliverEntityMessageAsync(P.SendEventAction sent, string instanceId, List<P.HistoryEvent> fresh)
    {
        Assert.Equal("op", sent.Name);
        var message = JsonNode.Parse(sent.Data)!;
        var id = EntityRuntime.EntityId(sent.Instance.InstanceId);
        var operation = (string)message["op"]!;
        var input = (string?)message["input"];
        if ((bool?)message["signal"] == true)
        {
            entities.SignalJson(id, operation, input, message["due"] is { } due ? DateTimeOffset.Parse((string)due!, System.Globalization.CultureInfo.InvariantCulture) : null);
            return;
        }

        Assert.Equal(instanceId, (string?)message["parent"]);
        var result = Assert.Single(await entities.RunBatchAsync(id, (operation, input)));
        var response = result.Failure is { } failed
            ? new JsonObject
            {
                ["exceptionType"] = failed.FailureDetails.ErrorType,
                ["failureDetails"] = new JsonObject
                {
                    ["ErrorType"] = failed.FailureDetails.ErrorType,
                    ["ErrorMessage"] = failed.FailureDetails.ErrorMessage,
                    ["StackTrace"] = failed.FailureDetails.StackTrace,
                },
            }
            : new JsonObject { ["result"] = result.Success.Result };
        fresh.Add(Event(e => e.EventRaised = new P.EventRaisedEvent { Name = (string)message["id"]!, Input = response.ToJsonString() }));
    }

    /// <summary>The core schedules a task with its parameters as a JSON array; the host's activity binding takes the one element.</summary>
    private static string? ActivityInput(string? scheduled) =>
        scheduled is not null && JsonNode.Parse(scheduled) is JsonArray { Count: 1 } parameters ? parameters[0]?.ToJsonString() : scheduled;

    private P.HistoryEvent Event(Action<P.HistoryEvent> set, int eventId = -1)
    {
        var e = new P.HistoryEvent { EventId = eventId, Timestamp = Timestamp.FromDateTimeOffset(clock.Now) };
        set(e);
        return e;
    }
}
