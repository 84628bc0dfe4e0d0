using System.Text;
using MicroStreams.Http.Ingest;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>What every ingest port does (the embedded runtime's log, Event Hubs): validate each event, append all or none.</summary>
public abstract class EventSinkConformance : IAsyncLifetime
{
    protected abstract IEventSink Sink { get; }

    /// <summary>How many events the host's log holds now.</summary>
    protected abstract Task<int> AppendedAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static ReadOnlyMemory<byte> Bytes(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public async Task AppendAsync_WhenEveryEventIsValid_AppendsThemAllAndSaysHowMany()
    {
        var outcome = await Sink.AppendAsync([Bytes(Json("user_created", "alice")), Bytes(Json("item", "bob"))], CancellationToken.None);

        Assert.Equal((2, 2), (outcome.Receipt!.Accepted, outcome.Receipt.Positions.Count));
        Assert.Equal(2, await AppendedAsync());
    }

    [Fact]
    public async Task AppendAsync_WhenOneEventIsInvalid_NamesItsIndexAndFieldAndAppendsNone()
    {
        var noType = """{"specversion":"1.0","id":"x","source":"s","subject":"alice"}""";

        var outcome = await Sink.AppendAsync([Bytes(Json("item", "alice")), Bytes(noType)], CancellationToken.None);

        Assert.Null(outcome.Receipt);
        var rejection = Assert.Single(outcome.Rejections!);
        Assert.Equal((1, "type"), (rejection.Index, rejection.Field));
        Assert.Equal(0, await AppendedAsync());
    }

    [Fact]
    public async Task AppendAsync_WhenAnEventIsNotJson_RejectsIt()
    {
        var outcome = await Sink.AppendAsync([Bytes("not json")], CancellationToken.None);

        Assert.Equal(0, Assert.Single(outcome.Rejections!).Index);
        Assert.Equal(0, await AppendedAsync());
    }

    [Fact]
    public void Pressure_WhenNothingWaits_LetsEventsIn() => Assert.Null(Sink.Pressure());
}
