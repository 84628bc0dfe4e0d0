using MicroStreams.Embedded;
using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.State;
using MicroStreams.Projections;

namespace MicroStreams.Functions.Tests.Projections;

/// <summary>The conformance suite against the embedded store on <c>state.db</c>.</summary>
public sealed class SqliteProjectionStoreTests : ProjectionStoreConformance, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "microstreams-projections", Guid.NewGuid().ToString("N"));
    private readonly StateStore _state;
    private readonly SqliteProjectionStore _store;

    public SqliteProjectionStoreTests()
    {
        Directory.CreateDirectory(_folder);
        _state = new StateStore(Path.Combine(_folder, "state.db"), Durability.Normal);
        _store = new SqliteProjectionStore(_state);
    }

    protected override IProjectionStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _state.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
