using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Tests.Azurite;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.DeadLetters;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The dead-letter port on Azure: the blob store on Azurite, redrives started on a mocked Durable client.</summary>
public sealed class BlobDeadLetterDeskTests : DeadLetterDeskConformance
{
    private readonly BlobDeadLetterStore _store = new(AzuriteStorage.Blobs().GetBlobContainerClient(AzuriteStorage.UniqueName("deadletter")));
    private readonly Mock<DurableTaskClient> _client = new("test");

    protected override IDeadLetterDesk Desk => new BlobDeadLetterDesk(_store, _client.Object, new ManualClock(T0));

    public override async Task InitializeAsync()
    {
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
        var failed = DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, CounterProcessor.Name, "alice", Log(0, 5, "item", "alice"), "poison item", 3, T0);
        var unparseable = DeadLetterDocument.ForUnparseable(Record(0, 6, "not json"), "$: not valid JSON", T0);
        await _store.WriteAsync([failed, unparseable], CancellationToken.None);
        Letters = (failed.Id, unparseable.Id);
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}
