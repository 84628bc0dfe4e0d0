using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Tests.Azurite;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.DeadLetters;

/// <summary>The dead-letter store on a real Azurite container: one JSON blob per record, overwritten by id.</summary>
public sealed class BlobDeadLetterStoreTests
{
    private readonly BlobDeadLetterStore _store = new(AzuriteStorage.NewContainer("deadletter"));

    private static DeadLetterDocument Failed(int partition, long sequence, string key, string reason) =>
        DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, "counter", key, Log(partition, sequence, "item", key), reason, 3, T0);

    private async Task<List<string>> IdsAsync(string? prefix) =>
        await _store.ListAsync(prefix, CancellationToken.None).Select(d => d.Id).ToListAsync();

    [Fact]
    public async Task WriteAsync_WhenTheSameRecordIsDeadLetteredAgain_OverwritesItsBlob()
    {
        await _store.WriteAsync([Failed(0, 5, "alice", "first")], CancellationToken.None);

        await _store.WriteAsync([Failed(0, 5, "alice", "second")], CancellationToken.None);

        var stored = await _store.GetAsync(Failed(0, 5, "alice", "x").Id, CancellationToken.None);
        Assert.Equal("second", stored!.Reason);
        Assert.Single(await IdsAsync(null));
    }

    [Fact]
    public async Task ListAsync_ReturnsTheRecordsUnderThePrefixInLogOrder()
    {
        await _store.WriteAsync([Failed(1, 2, "bob", "r"), Failed(0, 40, "alice", "r"), Failed(0, 5, "alice", "r")], CancellationToken.None);

        var all = await IdsAsync(null);
        var partitionZero = await IdsAsync("p0000-");

        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(3, all.Count);
        Assert.Equal(all.Take(2), partitionZero);
    }

    [Fact]
    public async Task GetAsync_WhenNothingWasWritten_IsNullAndListingIsEmpty()
    {
        Assert.Null(await _store.GetAsync("p0000-s00000000000000000001-counter-x", CancellationToken.None));
        Assert.Empty(await IdsAsync(null));
    }
}
