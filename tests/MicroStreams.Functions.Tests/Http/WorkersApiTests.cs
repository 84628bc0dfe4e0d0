using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using MicroStreams.Workers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Moq;

namespace MicroStreams.Functions.Tests.Http;

public sealed class WorkersApiTests
{
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly Mock<DurableEntityClient> _entities = new("test");
    private readonly WorkersApi _api = new(new Router([new CounterProcessor()]));

    public WorkersApiTests() => _client.Setup(c => c.Entities).Returns(_entities.Object);

    [Fact]
    public async Task GetWorkerAsync_WhenTheEntityExists_Returns200()
    {
        var id = EntityKeys.For(CounterProcessor.Name, "alice");
        _entities.Setup(e => e.GetEntityAsync<ProcessorEntityState>(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EntityMetadata<ProcessorEntityState>(id, new ProcessorEntityState { Processor = CounterProcessor.Name, Key = "alice", Status = WorkerStatus.Quarantined }));

        var result = await _api.GetWorkerAsync(_client.Object, CounterProcessor.Name, "alice", CancellationToken.None);

        Assert.Equal(200, Assert.IsType<OkObjectResult>(result).StatusCode);
        var worker = System.Text.Json.JsonSerializer.SerializeToElement(((OkObjectResult)result).Value);
        string[] embedded = ["processor", "key", "partition", "status", "state", "timers", "watermarks", "eventsApplied", "effectsSent", "timersFired",
            "activatedAt", "lastChangedAt", "quarantineReason", "recentEvents", "effects", "deadLetters"];
        Assert.All(embedded, name => Assert.True(worker.TryGetProperty(name, out _), $"missing {name}"));
        Assert.Equal("quarantined", worker.GetProperty("status").GetString());
    }

    [Fact]
    public void ListProcessors_ReturnsAnArrayAsTheEmbeddedHostDoes()
    {
        var list = System.Text.Json.JsonSerializer.SerializeToElement(Assert.IsType<OkObjectResult>(_api.ListProcessors()).Value);

        Assert.Equal(CounterProcessor.Name, Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public void GetProcessor_WhenUnknown_Returns404() =>
        Assert.Equal(404, Assert.IsType<ObjectResult>(_api.GetProcessor("nope")).StatusCode);

    [Fact]
    public async Task GetWorkerAsync_WhenTheEntityDoesNotExist_Returns404()
    {
        _entities.Setup(e => e.GetEntityAsync<ProcessorEntityState>(It.IsAny<EntityInstanceId>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((EntityMetadata<ProcessorEntityState>?)null);

        var result = await _api.GetWorkerAsync(_client.Object, CounterProcessor.Name, "nobody", CancellationToken.None);

        Assert.Equal(404, Assert.IsType<ObjectResult>(result).StatusCode);
    }

    [Fact]
    public async Task GetWorkerAsync_WhenTheProcessorIsUnknown_Returns404WithoutAskingDurable()
    {
        var result = await _api.GetWorkerAsync(_client.Object, "nope", "alice", CancellationToken.None);

        Assert.Equal(404, Assert.IsType<ObjectResult>(result).StatusCode);
        _entities.VerifyNoOtherCalls();
    }
}
