using MicroStreams.DeadLetters;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http;
using MicroStreams.Http.DeadLetters;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>
/// What every dead-letter port does (the embedded store, the blob store with Durable redrives), over the same two
/// letters: a counter worker's failed event (alice) and an unparseable record that reached no worker.
/// </summary>
public abstract class DeadLetterDeskConformance : IAsyncLifetime
{
    protected abstract IDeadLetterDesk Desk { get; }

    /// <summary>The failed event's letter and the unparseable record's, as the host names them.</summary>
    protected (string Failed, string Unparseable) Letters { get; set; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task ListAsync_WhenFilteredByProcessor_ShowsOnlyThatProcessorsLetters()
    {
        var page = (await Desk.ListAsync(new DeadLetterSelection { Processor = CounterProcessor.Name }, null, null, CancellationToken.None)).Value!;

        var letter = Assert.Single(page.Items);
        Assert.Equal((Letters.Failed, DeadLetterKind.HandlerFailed, DeadLetterStatus.Pending, "alice"), (letter.Id.Value, letter.Kind, letter.Status, letter.Key));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListAsync_WhenAPageIsFull_GivesTheCursorOfTheNextAndThatPageHoldsTheOtherLetter()
    {
        var first = (await Desk.ListAsync(new DeadLetterSelection(), null, 1, CancellationToken.None)).Value!;
        var second = (await Desk.ListAsync(new DeadLetterSelection(), first.NextCursor, 1, CancellationToken.None)).Value!;

        Assert.NotNull(first.NextCursor);
        Assert.Equal(
            new[] { Letters.Failed, Letters.Unparseable }.Order(StringComparer.Ordinal),
            first.Items.Concat(second.Items).Select(l => l.Id.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_WhenFilteredByKind_ShowsOnlyThatKind()
    {
        var page = (await Desk.ListAsync(new DeadLetterSelection { Kind = DeadLetterKind.Unparseable }, null, null, CancellationToken.None)).Value!;

        Assert.Equal(Letters.Unparseable, Assert.Single(page.Items).Id.Value);
    }

    [Fact]
    public async Task GetAsync_ShowsTheStoredEventUnderRaw_AndAnUnknownIdIsNull()
    {
        var letter = await Desk.GetAsync(Letters.Failed, CancellationToken.None);

        Assert.Equal("item", letter!.Raw!.Value.GetProperty("type").GetString());
        Assert.Null(await Desk.GetAsync("999999", CancellationToken.None));
    }

    [Fact]
    public async Task RedriveOneAsync_WhenTheLetterReachedNoWorker_IsAConflict_AndWhenUnknownNotFound()
    {
        var unparseable = await Desk.RedriveOneAsync(Letters.Unparseable, CancellationToken.None);
        var unknown = await Desk.RedriveOneAsync("999999", CancellationToken.None);

        Assert.Equal((RefusalKind.Conflict, RefusalKind.NotFound), (unparseable.Refusal!.Kind, unknown.Refusal!.Kind));
    }

    [Fact]
    public async Task RedriveOneAsync_WhenTheLetterIsAWorkersPendingEvent_RedrivesIt()
    {
        var redrive = await Desk.RedriveOneAsync(Letters.Failed, CancellationToken.None);

        Assert.Null(redrive.Refusal);
        Assert.True(redrive.Value is RedriveDone { Workers: 1 } or RedriveStarted { Redriving: 1 }, $"{redrive.Value}");
    }

    [Fact]
    public async Task DiscardAsync_ThenAgain_DiscardsItThenIsAConflict()
    {
        var first = await Desk.DiscardAsync(Letters.Failed, CancellationToken.None);
        var second = await Desk.DiscardAsync(Letters.Failed, CancellationToken.None);

        Assert.Equal((Letters.Failed, DeadLetterStatus.Discarded), (first.Value!.Id.Value, first.Value.Status));
        Assert.Equal(RefusalKind.Conflict, second.Refusal!.Kind);
        Assert.Equal(DeadLetterStatus.Discarded, (await Desk.GetAsync(Letters.Failed, CancellationToken.None))!.Status);
    }
}
