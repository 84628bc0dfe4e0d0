using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using MicroStreams.Workers;
using MicroStreams.Http.Inspection;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Moq;

namespace MicroStreams.Functions.Tests.Http;

public sealed class WorkersApiTests
{
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly Mock<DurableEntityClient> _entities = new("test");
    private readonly Router _router = new([new CounterProcessor()]);

    public WorkersApiTests() => _client.Setup(c => c.Entities).Returns(_entities.Object);

    private async Task<Answer> WorkerAsync(string name, string key) =>
        await Answer.OfAsync(await InspectionApi.WorkerAsync(_router, new DurableWorkerReader(_client.Object), name, key, CancellationToken.None));

    [Fact]
    public async Task GetWorkerAsync_WhenTheEntityExists_Returns200()
    {
        var id = EntityKeys.For(CounterProcessor.Name, "alice");
        _entities.Setup(e => e.GetEntityAsync<ProcessorEntityState>(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EntityMetadata<ProcessorEntityState>(id, new ProcessorEntityState { Processor = CounterProcessor.Name, Key = "alice", Status = WorkerStatus.Quarantined }));

        var result = await WorkerAsync(CounterProcessor.Name, "alice");

        Assert.Equal(200, result.Status);
        var worker = result.Json;
        string[] embedded = ["processor", "key", "partition", "status", "state", "timers", "watermarks", "eventsApplied", "effectsSent", "timersFired",
            "activatedAt", "lastChangedAt", "quarantineReason", "recentEvents", "effects", "deadLetters"];
        Assert.All(embedded, name => Assert.True(worker.TryGetProperty(name, out _), $"missing {name}"));
        Assert.Equal("quarantined", worker.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ListProcessors_ReturnsAnArrayAsTheEmbeddedHostDoesWithoutCounts()
    {
        var list = (await Answer.OfAsync(await InspectionApi.ProcessorsAsync(_router, new DurableWorkerReader(_client.Object), CancellationToken.None))).Json;

        var processor = Assert.Single(list.EnumerateArray());
        Assert.Equal(CounterProcessor.Name, processor.GetProperty("name").GetString());
        Assert.False(processor.TryGetProperty("workers", out _));
    }

    [Fact]
    public async Task GetProcessor_WhenUnknown_Returns404() =>
        Assert.Equal(404, (await Answer.OfAsync(await InspectionApi.ProcessorAsync(_router, new DurableWorkerReader(_client.Object), "nope", CancellationToken.None))).Status);

    [Fact]
    public async Task GetWorkerAsync_WhenTheEntityDoesNotExist_Returns404()
    {
        _entities.Setup(e => e.GetEntityAsync<ProcessorEntityState>(It.IsAny<EntityInstanceId>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((EntityMetadata<ProcessorEntityState>?)null);

        Assert.Equal(404, (await WorkerAsync(CounterProcessor.Name, "nobody")).Status);
    }

    [Fact]
    public async Task GetWorkerAsync_WhenTheProcessorIsUnknown_Returns404WithoutAskingDurable()
    {
        Assert.Equal(404, (await WorkerAsync("nope", "alice")).Status);
        _entities.VerifyNoOtherCalls();
    }
}
