using System.Reflection;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// A page a processor adds to the dashboard: <paramref name="Name"/> is its route (<c>#/name</c>), <paramref name="Title"/>
/// its nav entry, and <paramref name="Script"/> a browser script that registers the page's renderer with
/// <c>MicroStreamsDashboard.page(name, async (ui, path, query) =&gt; ...)</c>, where <c>ui</c> gives the page
/// <c>api(path, options, admin)</c> (the dashboard's keys; <c>admin</c> asks for the admin key), <c>view</c>, <c>esc</c>,
/// <c>json</c>, <c>time</c> and <c>showError</c>.
/// </summary>
public sealed record DashboardPage(string Name, string Title, string Script)
{
    /// <summary>A page whose script is an embedded resource of <paramref name="assembly"/>.</summary>
    public static DashboardPage FromResource(string name, string title, Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded resource '{resourceName}' for the dashboard page '{name}'");
        using var reader = new StreamReader(stream);
        return new DashboardPage(name, title, reader.ReadToEnd());
    }
}
