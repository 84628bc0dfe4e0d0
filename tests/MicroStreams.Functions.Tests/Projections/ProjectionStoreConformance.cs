using MicroStreams.Projections;

namespace MicroStreams.Functions.Tests.Projections;

/// <summary>What every projection store does, run against each implementation (SQLite here, Table storage on Azure).</summary>
public abstract class ProjectionStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IProjectionStore Store { get; }

    private static ProjectionChange Set(string key, string document, string projection = "totals") => new(projection, key, document);

    private static ProjectionChange Remove(string key, string projection = "totals") => new(projection, key, null);

    private async Task<List<string>> ScanAllAsync(string prefix, int limit)
    {
        var keys = new List<string>();
        string? after = null;
        do
        {
            var page = await Store.ScanAsync("totals", prefix, after, limit);
            Assert.True(page.Rows.Count <= limit);
            keys.AddRange(page.Rows.Select(r => r.Key));
            after = page.NextAfter;
        }
        while (after is not null);
        return keys;
    }

    [Fact]
    public async Task GetAsync_WhenARowWasWritten_ReturnsItsDocumentAndWriteTime()
    {
        await Store.WriteAsync([Set("u1", """{"total":5}""")], null, T0);

        var row = await Store.GetAsync("totals", "u1");

        Assert.Equal(new ProjectionRow("totals", "u1", """{"total":5}""", T0), row);
    }

    [Fact]
    public async Task GetAsync_WhenTheRowOrTheProjectionDoesNotExist_ReturnsNull()
    {
        await Store.WriteAsync([Set("u1", "{}")], null, T0);

        Assert.Null(await Store.GetAsync("totals", "u2"));
        Assert.Null(await Store.GetAsync("nothing", "u1"));
    }

    [Fact]
    public async Task WriteAsync_WhenAKeyChangesSeveralTimesInOneWrite_KeepsOnlyTheLastChange()
    {
        await Store.WriteAsync([Set("u1", """{"n":1}"""), Set("u2", """{"n":1}"""), Set("u1", """{"n":2}"""), Remove("u2"), Set("u3", "{}"), Remove("u3"), Set("u3", """{"n":3}""")], null, T0);

        Assert.Equal("""{"n":2}""", (await Store.GetAsync("totals", "u1"))!.Document);
        Assert.Null(await Store.GetAsync("totals", "u2"));
        Assert.Equal("""{"n":3}""", (await Store.GetAsync("totals", "u3"))!.Document);
    }

    [Fact]
    public async Task WriteAsync_WhenRemovingARowThatDoesNotExist_StillAppliesTheOtherChanges()
    {
        await Store.WriteAsync([Remove("u9"), Set("u1", "{}")], null, T0);

        Assert.NotNull(await Store.GetAsync("totals", "u1"));
        Assert.Null(await Store.GetAsync("totals", "u9"));
    }

    [Fact]
    public async Task ListAsync_ReportsEachProjectionsCurrentVersionAndRowCount()
    {
        await Store.WriteAsync([Set("u1", "{}"), Set("u2", "{}"), Set("t1", "{}", "status")], null, T0);

        var list = await Store.ListAsync();

        Assert.Equal([new ProjectionInfo("status", 1, 1), new ProjectionInfo("totals", 1, 2)], list);
    }

    [Fact]
    public async Task ScanAsync_WhenPaged_ReturnsEveryRowWithThePrefixOnceInKeyOrder()
    {
        var keys = new[] { "a3", "b1", "a1", "a10", "a2", "ab", "a", "c" };
        await Store.WriteAsync([.. keys.Select(k => Set(k, "{}"))], null, T0);

        var scanned = await ScanAllAsync("a", limit: 2);

        Assert.Equal(["a", "a1", "a10", "a2", "a3", "ab"], scanned);
    }

    [Fact]
    public async Task ScanAsync_WhenThePageIsTheLast_HasNoNextAfter()
    {
        await Store.WriteAsync([Set("a1", "{}"), Set("a2", "{}"), Set("b1", "{}")], null, T0);

        var page = await Store.ScanAsync("totals", "a", null, 2);
        var empty = await Store.ScanAsync("totals", "z", null, 10);

        Assert.Equal(["a1", "a2"], page.Rows.Select(r => r.Key));
        Assert.Null(page.NextAfter);
        Assert.Empty(empty.Rows);
        Assert.Null(empty.NextAfter);
    }

    [Fact]
    public async Task ScanAsync_WhenKeysHoldSeparatorsAndReservedCharacters_MatchesTheExactPrefixOnly()
    {
        var keys = new[] { "acme#crm#1", "acme#hooks#2", "acme!z", "acmez", "acme/x?y", "globex#crm#1" };
        await Store.WriteAsync([.. keys.Select(k => Set(k, $$"""{"k":"{{k}}"}"""))], null, T0);

        var acme = await ScanAllAsync("acme#", limit: 1);

        Assert.Equal(["acme#crm#1", "acme#hooks#2"], acme);
        Assert.Equal("""{"k":"acme/x?y"}""", (await Store.GetAsync("totals", "acme/x?y"))!.Document);
    }

    [Fact]
    public async Task SwitchVersionAsync_WhenANewVersionIsBuilt_ReadersSeeOnlyTheOldRowsUntilTheSwitchAndOnlyTheNewAfter()
    {
        await Store.WriteAsync([Set("u1", """{"v":1}"""), Set("u2", """{"v":1}""")], null, T0);
        var next = await Store.CurrentVersionAsync("totals") + 1;

        await Store.WriteAsync([Set("u1", """{"v":2}"""), Set("u3", """{"v":2}""")], next, T0.AddMinutes(1));
        var beforeRow = await Store.GetAsync("totals", "u1");
        var beforeScan = await ScanAllAsync("u", 10);
        await Store.SwitchVersionAsync("totals", next, T0.AddMinutes(2));

        Assert.Equal("""{"v":1}""", beforeRow!.Document);
        Assert.Equal(["u1", "u2"], beforeScan);
        Assert.Equal("""{"v":2}""", (await Store.GetAsync("totals", "u1"))!.Document);
        Assert.Null(await Store.GetAsync("totals", "u2"));
        Assert.Equal(["u1", "u3"], await ScanAllAsync("u", 10));
        Assert.Equal(new ProjectionInfo("totals", next, 2), Assert.Single(await Store.ListAsync()));
        Assert.Equal(next, await Store.CurrentVersionAsync("totals"));
    }

    [Fact]
    public async Task WriteAsync_WithoutAVersion_WritesTheCurrentVersionAfterASwitch()
    {
        await Store.WriteAsync([Set("u1", """{"v":1}""")], null, T0);
        await Store.WriteAsync([Set("u1", """{"v":2}""")], 2, T0);
        await Store.SwitchVersionAsync("totals", 2, T0);

        await Store.WriteAsync([Set("u2", """{"live":true}""")], null, T0);

        Assert.Equal(["u1", "u2"], await ScanAllAsync("", 10));
    }
}
