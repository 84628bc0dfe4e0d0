using Microsoft.AspNetCore.Builder;

namespace MicroStreams.Http.Hosting;

/// <summary>A started server: its address and keys; disposing it stops Kestrel and then the runtime (which finishes and commits).</summary>
public sealed class ServeInstance(WebApplication app, Uri baseAddress, ServeContext context, string? keysFile) : IAsyncDisposable
{
    public WebApplication App { get; } = app;
    public Uri BaseAddress { get; } = baseAddress;
    public ServeContext Context { get; } = context;

    /// <summary>Where the generated keys are, or null when they came from configuration.</summary>
    public string? KeysFile { get; } = keysFile;

    public string FunctionKey => Context.Options.FunctionKey!;
    public string AdminKey => Context.Options.AdminKey!;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
