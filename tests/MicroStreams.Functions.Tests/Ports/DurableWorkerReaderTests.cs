using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.Inspection;
using MicroStreams.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The inspection port on Durable: the entity's state is what the entity core makes of the same events, read through a mocked entity client.</summary>
public sealed class DurableWorkerReaderTests : WorkerReaderConformance
{
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly Mock<DurableEntityClient> _entities = new("test");

    protected override IWorkerReader Reader => new DurableWorkerReader(_client.Object);

    public override Task InitializeAsync()
    {
        var core = new ProcessorEntityCore(new Router([new CounterProcessor()]), new ManualClock(T0));
        var state = core.Apply(null, CounterProcessor.Name, "alice", new ApplyRequest([Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 3, "item", "alice")])).State;
        var id = EntityKeys.For(CounterProcessor.Name, "alice");
        _client.Setup(c => c.Entities).Returns(_entities.Object);
        _entities.Setup(e => e.GetEntityAsync<ProcessorEntityState>(It.IsAny<EntityInstanceId>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((EntityInstanceId asked, bool _, CancellationToken _) => asked == id ? new EntityMetadata<ProcessorEntityState>(id, state!) : null);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CountAsync_IsNull_AsCountingWouldScanEveryEntity() => Assert.Null(await Reader.CountAsync(CancellationToken.None));
}
