using Microsoft.Extensions.Logging;

namespace MicroStreams.Examples.Tenants;

/// <summary>The tenant directory's log messages, source-generated; event ids 1200-1299.</summary>
internal static partial class TenantDirectoryLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Tenant directory refreshed: {Tenants} tenants, {Destinations} destinations")]
    public static partial void Refreshed(ILogger logger, int tenants, int destinations);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Tenant directory refresh failed; still serving the snapshot read at {RefreshedAt}")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, DateTimeOffset refreshedAt);
}
