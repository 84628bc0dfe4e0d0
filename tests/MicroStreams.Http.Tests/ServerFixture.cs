namespace MicroStreams.Http.Tests;

/// <summary>One server shared by the tests of a class; each test uses its own user keys so they do not interfere.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Server.DeleteData();
    }

    public static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
