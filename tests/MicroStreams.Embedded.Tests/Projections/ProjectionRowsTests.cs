using MicroStreams.Embedded.Projections;
using MicroStreams.Projections;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.Projections;

/// <summary>A rebuild's last write per row, whether the row is the writer's own (kept on the worker) or another key's (kept in a map).</summary>
public sealed class ProjectionRowsTests
{
    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly ProjectionRows _rows;

    public ProjectionRowsTests() => _rows = new ProjectionRows(_workers, 16);

    [Fact]
    public void AnotherWorkersLaterWriteOfARowReplacesTheOwnersWrite()
    {
        _rows.Set(Row("a", "1"), Worker("a"));
        _rows.Set(Row("a", "2"), Worker("b"));

        Assert.Equal([("p", "a", "2")], _rows.All());
    }

    [Fact]
    public void TheOwnersLaterWriteOfARowReplacesAnotherWorkersWrite()
    {
        _rows.Set(Row("a", "1"), Worker("b"));
        _rows.Set(Row("a", "2"), Worker("a"));

        Assert.Equal([("p", "a", "2")], _rows.All());
        Assert.Equal([KeyValuePair.Create("a", (string?)"2")], _rows.Take("p"));
    }

    [Fact]
    public void AWorkersOwnRowsInTwoProjectionsAreBothKept()
    {
        _rows.Set(Row("a", "1"), Worker("a"));
        _rows.Set(Row("a", "2", projection: "q"), Worker("a"));
        _rows.Set(Row("a", "3", projection: "q"), Worker("a"));

        Assert.Equal([("p", "a", "1"), ("q", "a", "3")], _rows.All().OrderBy(r => r.Projection));
    }

    [Fact]
    public void TakeRemovesAProjectionsRowsAndLaterWritesAreKeptAgain()
    {
        _rows.Set(Row("a", "1"), Worker("a"));
        _rows.Set(Row("c", "2"), Worker("b"));
        _rows.Set(Row("z", "3", projection: "q"), Worker("z"));

        var taken = _rows.Take("p");
        var left = _rows.All().ToList();
        _rows.Set(Row("a", "4"), Worker("a"));

        Assert.Equal([KeyValuePair.Create("a", (string?)"1"), KeyValuePair.Create("c", (string?)"2")], taken!.OrderBy(r => r.Key));
        Assert.Equal([("q", "z", "3")], left);
        Assert.Equal([("p", "a", "4"), ("q", "z", "3")], _rows.All().OrderBy(r => r.Projection));
        Assert.Null(new ProjectionRows(_workers, 16).Take("none"));
    }

    [Fact]
    public void ARemovalIsKeptAsTheRowsLastWrite()
    {
        _rows.Set(Row("a", "1"), Worker("a"));
        _rows.Set(new ProjectionChange("p", "a", null), Worker("a"));

        Assert.Equal([("p", "a", (string?)null)], _rows.All());
    }

    private Worker Worker(string key)
    {
        if (!_workers.TryGetValue(key, out var worker))
        {
            _workers[key] = worker = new Worker(new WorkerId("proc", key));
        }

        return worker;
    }

    /// <summary>A change of the row <paramref name="key"/>, a new string each time (as a handler's key often is).</summary>
    private static ProjectionChange Row(string key, string document, string projection = "p") =>
        new(projection, new string(key.AsSpan()), document);
}
