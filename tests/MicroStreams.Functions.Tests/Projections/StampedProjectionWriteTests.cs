using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Tests.Azurite;

namespace MicroStreams.Functions.Tests.Projections;

/// <summary>Stamped writes on the Table storage adapter over a real Azurite: whatever order writes land in, the newest stamp is what readers see.</summary>
public sealed class StampedProjectionWriteTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly AzuriteTables _tables = new();
    private readonly TableProjectionStore _store;

    public StampedProjectionWriteTests() => _store = new TableProjectionStore(_tables.Client);

    private static StampedChange Row(string key, string? document, long sequence, long generation = 0) => new("totals", key, document, generation, sequence);

    private Task WriteAsync(params StampedChange[] rows) => _store.WriteStampedAsync(rows, null, T0, CancellationToken.None);

    private async Task<string?> DocumentAsync(string key) => (await _store.GetAsync("totals", key))?.Document;

    [Fact]
    public async Task WriteStampedAsync_WhenAnOlderWriteLandsAfterANewerOne_KeepsTheNewerRow()
    {
        await WriteAsync(Row("u1", """{"n":5}""", 5));

        await WriteAsync(Row("u1", """{"n":3}""", 3));

        Assert.Equal("""{"n":5}""", await DocumentAsync("u1"));
    }

    [Fact]
    public async Task WriteStampedAsync_WhenANewerWriteArrives_ReplacesTheRow()
    {
        await WriteAsync(Row("u1", """{"n":3}""", 3), Row("u2", """{"n":1}""", 1));

        await WriteAsync(Row("u1", """{"n":4}""", 4));

        Assert.Equal(("""{"n":4}""", """{"n":1}"""), (await DocumentAsync("u1"), await DocumentAsync("u2")));
    }

    [Fact]
    public async Task WriteStampedAsync_WhenARebuiltGenerationWrites_BeatsEveryRowOfTheGenerationBefore()
    {
        await WriteAsync(Row("u1", """{"live":true}""", 900, generation: 0));

        await WriteAsync(Row("u1", """{"rebuilt":true}""", 2, generation: 7));
        await WriteAsync(Row("u1", """{"live":true}""", 901, generation: 0));

        Assert.Equal("""{"rebuilt":true}""", await DocumentAsync("u1"));
    }

    [Fact]
    public async Task WriteStampedAsync_WhenARowIsRemoved_HidesItAndAnOlderWriteDoesNotBringItBack()
    {
        await WriteAsync(Row("u1", """{"n":1}""", 1), Row("u2", "{}", 1));

        await WriteAsync(Row("u1", null, 3));
        await WriteAsync(Row("u1", """{"n":2}""", 2));

        Assert.Null(await _store.GetAsync("totals", "u1"));
        Assert.Equal(["u2"], (await _store.ScanAsync("totals", "", null, 10)).Rows.Select(r => r.Key));
        Assert.Equal(1, Assert.Single(await _store.ListAsync()).Rows);
    }

    [Fact]
    public async Task WriteStampedAsync_WhenAnotherWriterChangesTheRowBetweenReadAndWrite_DecidesAgainAndTheNewerStampWins()
    {
        await WriteAsync(Row("u1", """{"n":1}""", 1));
        _tables.BeforeTransaction = () => WriteAsync(Row("u1", """{"n":9}""", 9));

        await WriteAsync(Row("u1", """{"n":5}""", 5));

        Assert.Equal("""{"n":9}""", await DocumentAsync("u1"));
        Assert.Equal(1, _tables.Conflicts);
    }

    [Fact]
    public async Task WriteStampedAsync_WhenAnotherWriterAddsTheRowFirstWithAnOlderStamp_ReplacesIt()
    {
        _tables.BeforeTransaction = () => WriteAsync(Row("u1", """{"n":2}""", 2));

        await WriteAsync(Row("u1", """{"n":5}""", 5));

        Assert.Equal("""{"n":5}""", await DocumentAsync("u1"));
        Assert.Equal(1, _tables.Conflicts);
    }

    [Fact]
    public async Task WriteStampedAsync_WhenGivenAVersion_WritesThereAndReadersKeepSeeingTheCurrentOne()
    {
        await WriteAsync(Row("u1", """{"v":1}""", 1));

        await _store.WriteStampedAsync([Row("u1", """{"v":2}""", 1, generation: 3)], 2, T0, CancellationToken.None);

        Assert.Equal("""{"v":1}""", await DocumentAsync("u1"));
        await _store.SwitchVersionAsync("totals", 2, T0);
        Assert.Equal("""{"v":2}""", await DocumentAsync("u1"));
    }
}
