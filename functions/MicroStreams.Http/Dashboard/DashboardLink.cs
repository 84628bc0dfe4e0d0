using System.Net;
using MicroStreams.Http.Hosting;

namespace MicroStreams.Http.Dashboard;

/// <summary>
/// The dashboard link <c>serve</c> prints. On the user's own machine with keys generated into the data folder it carries
/// the function key in the fragment (<c>/#key=...</c>: never sent to the server, so never in a log), which anyone who can
/// read the console could read from keys.json anyway; otherwise it is the plain address and the page asks for the key once.
/// </summary>
public static class DashboardLink
{
    public static Uri For(ServeInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var root = new Uri(instance.BaseAddress, "/");
        var local = instance.KeysFile is not null && (root.IsLoopback || (IPAddress.TryParse(root.Host, out var ip) && IPAddress.IsLoopback(ip)));
        return local ? new Uri(root, "/#key=" + Uri.EscapeDataString(instance.FunctionKey)) : root;
    }
}
