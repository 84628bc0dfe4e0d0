using System.Text;
using System.Text.Json;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;
using EmbeddedReplay = MicroStreams.Embedded.Replay;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Tests.Http;

public sealed class ReplaysApiTests
{
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<OrchestrationMetadata> _instances = [];
    private readonly ReplaysApi _api = new(new Router([new CounterProcessor()]), ShadowVariants.None, new ManualClock(T0));
    private (TaskName Name, ReplayState Input, string InstanceId)? _started;

    public ReplaysApiTests()
    {
        _client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>())).Returns((OrchestrationQuery? query) => Pageable.Create((string? _, CancellationToken _) =>
            Task.FromResult(new Page<OrchestrationMetadata>([.. _instances.Where(i => i.InstanceId.StartsWith(query?.InstanceIdPrefix ?? string.Empty, StringComparison.Ordinal)
                && (query?.Statuses is null || query.Statuses.Contains(i.RuntimeStatus)))]))));
        _client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => _instances.FirstOrDefault(i => i.InstanceId == id));
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) => _started = (name, (ReplayState)input!, options!.InstanceId!))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
    }

    private static HttpRequest Post(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    private static int? Status(IActionResult result) => result switch
    {
        JsonResult json => json.StatusCode,
        ObjectResult problem => problem.StatusCode,
        _ => null,
    };

    private static JsonElement Body(IActionResult result) =>
        JsonDocument.Parse(JsonSerializer.Serialize(((JsonResult)result).Value, ReplayJson.Options)).RootElement;

    private void Running(string instanceId, ReplayView view, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running) =>
        _instances.Add(new OrchestrationMetadata(ReplayOrchestration.Name, instanceId)
        {
            RuntimeStatus = status,
            SerializedCustomStatus = JsonSerializer.Serialize(view, ReplayJson.Options),
            FailureDetails = status == OrchestrationRuntimeStatus.Failed ? new TaskFailureDetails("EntityOperationFailedException", "boom", null, null, null) : null,
        });

    private static ReplayView View(string id) => new()
    {
        Id = id, Processor = "counter", Mode = "rebuild", Status = ReplayStatus.Running, Generation = 1, Request = new ReplayRequest("counter"), CreatedAt = T0,
    };

    [Fact]
    public async Task StartAsync_WhenTheRequestIsValid_Returns202WithTheViewAndItsLocationAndStartsTheOrchestration()
    {
        var request = Post("""{"processor":"counter","keyPrefix":"a","fromSequence":10}""");

        var result = await _api.StartAsync(_client.Object, request, CancellationToken.None);

        Assert.Equal(202, Status(result));
        var body = Body(result);
        Assert.Equal(("running", "rebuild", "a"), (body.GetProperty("status").GetString(), body.GetProperty("mode").GetString(), body.GetProperty("request").GetProperty("keyPrefix").GetString()));
        Assert.Equal("/api/replays/" + Uri.EscapeDataString(body.GetProperty("id").GetString()!), request.HttpContext.Response.Headers.Location.ToString());
        Assert.Equal((ReplayOrchestration.Name, body.GetProperty("id").GetString()), (_started!.Value.Name.Name, _started.Value.InstanceId));
        Assert.Equal(T0.UtcTicks, _started.Value.Input.EntityGeneration);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"processor":" "}""")]
    [InlineData("""{"processor":"counter","archivePath":"/data/archive"}""")]
    [InlineData("""{"processor":"counter","fromSequence":-1}""")]
    public async Task StartAsync_WhenTheBodyIsNotAValidRequest_Returns400ProblemDetailsAndStartsNothing(string body)
    {
        var result = await _api.StartAsync(_client.Object, Post(body), CancellationToken.None);

        Assert.Equal(400, Status(result));
        Assert.Contains(Problems.ContentType, ((ObjectResult)result).ContentTypes);
        Assert.Null(_started);
    }

    [Fact]
    public async Task StartAsync_WhenTheProcessorIsUnknown_Returns404()
    {
        var result = await _api.StartAsync(_client.Object, Post("""{"processor":"nope"}"""), CancellationToken.None);

        Assert.Equal(404, Status(result));
    }

    [Fact]
    public async Task StartAsync_WhenARebuildOfTheProcessorIsRunning_Returns409ButAShadowMayStart()
    {
        Running(InstanceIds.Replay("counter", T0.AddHours(-1)), View("x"));

        var rebuild = await _api.StartAsync(_client.Object, Post("""{"processor":"counter"}"""), CancellationToken.None);
        var shadow = await _api.StartAsync(_client.Object, Post("""{"processor":"counter","shadow":true}"""), CancellationToken.None);

        Assert.Equal((409, 202), (Status(rebuild), Status(shadow)));
        Assert.StartsWith("shadow!", _started!.Value.InstanceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhenTheIdIsUnknownOrNotAReplay_Returns404()
    {
        _instances.Add(new OrchestrationMetadata("ApplyBatch", "batch!events!router!0!1-9") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        var unknown = await ReplaysApi.GetAsync(_client.Object, "replay!counter!1", CancellationToken.None);
        var notReplay = await ReplaysApi.GetAsync(_client.Object, "batch!events!router!0!1-9", CancellationToken.None);

        Assert.Equal((404, 404), (Status(unknown), Status(notReplay)));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, "running")]
    [InlineData(OrchestrationRuntimeStatus.Terminated, "cancelled")]
    [InlineData(OrchestrationRuntimeStatus.Failed, "failed")]
    public async Task GetAsync_ShowsTheProgressTheOrchestrationPublishedWithTheStatusOfItsRuntime(OrchestrationRuntimeStatus runtime, string status)
    {
        var id = InstanceIds.Replay("counter", T0);
        Running(id, View(id) with { EventsRead = 42 }, runtime);

        var body = Body(await ReplaysApi.GetAsync(_client.Object, id, CancellationToken.None));

        Assert.Equal((status, 42), (body.GetProperty("status").GetString(), body.GetProperty("eventsRead").GetInt32()));
    }

    [Fact]
    public async Task CancelAsync_WhenRunning_TerminatesItAndAnswersCancelling_AndWhenNotRunningReturns409()
    {
        var id = InstanceIds.Replay("counter", T0);
        Running(id, View(id));
        var done = InstanceIds.Replay("counter", T0.AddDays(-1));
        Running(done, View(done) with { Status = ReplayStatus.Completed }, OrchestrationRuntimeStatus.Completed);

        var cancelled = await _api.CancelAsync(_client.Object, id, CancellationToken.None);
        var finished = await _api.CancelAsync(_client.Object, done, CancellationToken.None);

        Assert.Equal(("cancelling", 409), (Body(cancelled).GetProperty("status").GetString(), Status(finished)));
        _client.Verify(c => c.TerminateInstanceAsync(id, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void ReplayView_SerializesExactlyAsTheEmbeddedHostSerializesIt()
    {
        var view = View("rp_1") with
        {
            Request = new ReplayRequest("counter") { Shadow = true, KeyPrefix = "a", FromTime = T0 },
            Mode = "shadow", Status = ReplayStatus.Completed, FinishedAt = T0, Reason = "shadow of the live code: a determinism check",
            Partitions = [new ReplayPartitionView(0, 5, 9, true)], EventsRead = 9, Progress = 1,
            Diff = new ShadowDiff { WorkersCompared = 2, WorkersDiffering = 1, Workers = [new WorkerDifference("a1", 0, JsonDocument.Parse("{}").RootElement, null)], EffectsOnlyInLive = 1, OnlyInLive = [new EffectDifference("ef", "a1", "email", "t", JsonDocument.Parse("{}").RootElement, T0)] },
        };

        Assert.Equal(EmbeddedReplay.ReplayJson.Write(view), JsonSerializer.Serialize(view, ReplayJson.Options));
    }
}
