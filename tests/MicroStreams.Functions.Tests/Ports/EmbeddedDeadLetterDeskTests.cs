using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http;
using MicroStreams.Http.DeadLetters;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The dead-letter port on the embedded runtime: the letters come from processing (a throwing event, a record that is no JSON).</summary>
public sealed class EmbeddedDeadLetterDeskTests : DeadLetterDeskConformance
{
    private EmbeddedHost _host = null!;

    protected override IDeadLetterDesk Desk => new RuntimeDeadLetterDesk(_host.Runtime);

    public override async Task InitializeAsync()
    {
        _host = new EmbeddedHost();
        await _host.ApplyAsync(Fakes.Events.Json("user_created", "alice"), Fakes.Events.Json("item", "alice", """{"fail":true}"""));
        await _host.Runtime.AppendRawAsync("junk", "not json"u8.ToArray());
        await _host.Runtime.DrainAsync();
        var letters = _host.Runtime.DeadLetters(new Embedded.DeadLetterQuery());
        Letters = (
            letters.Single(l => l.Kind == MicroStreams.DeadLetters.DeadLetterKind.HandlerFailed).Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            letters.Single(l => l.Kind == MicroStreams.DeadLetters.DeadLetterKind.Unparseable).Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListAsync_WhenAPartitionIsGiven_RefusesIt_AsTheStorePagesOverAllPartitions()
    {
        var listed = await Desk.ListAsync(new DeadLetterSelection { Partition = 0 }, null, null, CancellationToken.None);

        Assert.Equal((RefusalKind.Invalid, "partition"), (listed.Refusal!.Kind, listed.Refusal.Field));
    }
}
