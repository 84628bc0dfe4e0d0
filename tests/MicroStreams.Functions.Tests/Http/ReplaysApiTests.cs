using System.Text.Json;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using MicroStreams.Http.Replays;
using Microsoft.AspNetCore.Http;
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
    private readonly DurableReplayRunner _runner;
    private (TaskName Name, ReplayState Input, string InstanceId)? _started;

    public ReplaysApiTests()
    {
        _runner = new DurableReplayRunner(_client.Object, new Router([new CounterProcessor()]), ShadowVariants.None, new ManualClock(T0));
        _client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>())).Returns((OrchestrationQuery? query) => Pageable.Create((string? _, CancellationToken _) =>
            Task.FromResult(new Page<OrchestrationMetadata>([.. _instances.Where(i => i.InstanceId.StartsWith(query?.InstanceIdPrefix ?? string.Empty, StringComparison.Ordinal)
                && (query?.Statuses is null || query.Statuses.Contains(i.RuntimeStatus)))]))));
        _client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => _instances.FirstOrDefault(i => i.InstanceId == id));
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) => _started = (name, (ReplayState)input!, options!.InstanceId!))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
    }

    private static HttpRequest Post(string body) => Answer.Request("POST", "application/json", body);

    private async Task<Answer> StartAsync(HttpRequest request) => await Answer.OfAsync(await ReplayApi.StartAsync(request, _runner, CancellationToken.None), request);

    private async Task<Answer> GetAsync(string id) => await Answer.OfAsync(await ReplayApi.GetAsync(id, _runner, CancellationToken.None));

    private async Task<Answer> CancelAsync(string id) => await Answer.OfAsync(await ReplayApi.CancelAsync(id, _runner, CancellationToken.None));

    private void Running(string instanceId, ReplayView view, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running) =>
        _instances.Add(new OrchestrationMetadata(ReplayOrchestration.Name, instanceId)
        {
            RuntimeStatus = status,
            SerializedCustomStatus = JsonSerializer.Serialize(view, ReplayJsonOptions.Default),
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

        var result = await StartAsync(request);

        Assert.Equal(202, result.Status);
        var body = result.Json;
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
        var result = await StartAsync(Post(body));

        Assert.Equal((400, "application/problem+json"), (result.Status, result.ContentType));
        Assert.Null(_started);
    }

    [Fact]
    public async Task StartAsync_WhenTheProcessorIsUnknown_Returns404()
    {
        var result = await StartAsync(Post("""{"processor":"nope"}"""));

        Assert.Equal(404, result.Status);
    }

    [Fact]
    public async Task StartAsync_WhenARebuildOfTheProcessorIsRunning_Returns409ButAShadowMayStart()
    {
        Running(InstanceIds.Replay("counter", T0.AddHours(-1)), View("x"));

        var rebuild = await StartAsync(Post("""{"processor":"counter"}"""));
        var shadow = await StartAsync(Post("""{"processor":"counter","shadow":true}"""));

        Assert.Equal((409, 202), (rebuild.Status, shadow.Status));
        Assert.StartsWith("shadow!", _started!.Value.InstanceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhenTheIdIsUnknownOrNotAReplay_Returns404()
    {
        _instances.Add(new OrchestrationMetadata("ApplyBatch", "batch!events!router!0!1-9") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        var unknown = await GetAsync("replay!counter!1");
        var notReplay = await GetAsync("batch!events!router!0!1-9");

        Assert.Equal((404, 404), (unknown.Status, notReplay.Status));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, "running")]
    [InlineData(OrchestrationRuntimeStatus.Terminated, "cancelled")]
    [InlineData(OrchestrationRuntimeStatus.Failed, "failed")]
    public async Task GetAsync_ShowsTheProgressTheOrchestrationPublishedWithTheStatusOfItsRuntime(OrchestrationRuntimeStatus runtime, string status)
    {
        var id = InstanceIds.Replay("counter", T0);
        Running(id, View(id) with { EventsRead = 42 }, runtime);

        var body = (await GetAsync(id)).Json;

        Assert.Equal((status, 42), (body.GetProperty("status").GetString(), body.GetProperty("eventsRead").GetInt32()));
    }

    [Fact]
    public async Task CancelAsync_WhenRunning_TerminatesItAndAnswersCancelling_AndWhenNotRunningReturns409()
    {
        var id = InstanceIds.Replay("counter", T0);
        Running(id, View(id));
        var done = InstanceIds.Replay("counter", T0.AddDays(-1));
        Running(done, View(done) with { Status = ReplayStatus.Completed }, OrchestrationRuntimeStatus.Completed);

        var cancelled = await CancelAsync(id);
        var finished = await CancelAsync(done);

        Assert.Equal((202, "cancelling", 409), (cancelled.Status, cancelled.Json.GetProperty("status").GetString(), finished.Status));
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

        Assert.Equal(EmbeddedReplay.ReplayJson.Write(view), JsonSerializer.Serialize(view, ReplayJsonOptions.Default));
    }
}
