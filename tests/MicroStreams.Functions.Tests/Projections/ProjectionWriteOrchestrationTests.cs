using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using Microsoft.DurableTask;
using Moq;

namespace MicroStreams.Functions.Tests.Projections;

public sealed class ProjectionWriteOrchestrationTests
{
    private const string WriteActivity = "WriteProjections";
    private readonly Mock<TaskOrchestrationContext> _context = new() { CallBase = true };
    private readonly List<ProjectionWriteRequest> _written = [];

    public ProjectionWriteOrchestrationTests() =>
        _context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == WriteActivity), It.IsAny<object?>(), It.Is<TaskOptions?>(o => o!.Retry != null)))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => _written.Add((ProjectionWriteRequest)input!))
            .ReturnsAsync((object)null!);

    [Fact]
    public async Task RunAsync_WhenATickDecidedRows_WritesThemThroughTheActivityWithRetries()
    {
        var rows = new[] { new StampedChange("counts", "alice", "{}", 0, 4) };
        _context.Setup(c => c.GetInput<ProjectionWriteRequest>()).Returns(new ProjectionWriteRequest(rows));

        await ProjectionWriteOrchestration.RunAsync(_context.Object, WriteActivity);

        Assert.Equal(rows, Assert.Single(_written).Rows);
    }

    [Fact]
    public async Task WriteAsync_WhenThereAreNoRows_CallsNoActivity()
    {
        await ProjectionWriteOrchestration.WriteAsync(_context.Object, WriteActivity, []);

        Assert.Empty(_written);
    }

    [Fact]
    public void WriteProjections_GivesTheSameInstanceIdForTheSameStepAndADifferentOneForTheNext()
    {
        var id = InstanceIds.WriteProjections("counter", "alice", 0, 4);

        Assert.Equal(id, InstanceIds.WriteProjections("counter", "alice", 0, 4));
        Assert.NotEqual(id, InstanceIds.WriteProjections("counter", "alice", 0, 5));
        Assert.NotEqual(id, InstanceIds.WriteProjections("counter", "bob", 0, 4));
    }
}
