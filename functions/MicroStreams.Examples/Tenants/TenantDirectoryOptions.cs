namespace MicroStreams.Examples.Tenants;

/// <summary>How the push router caches the tenant store. Bound from <c>MicroStreams:TenantDirectory</c> (<c>MicroStreams__TenantDirectory__RefreshInterval</c>).</summary>
public sealed class TenantDirectoryOptions
{
    public const string SectionName = "MicroStreams:TenantDirectory";

    /// <summary>How often each instance re-reads the store: the longest an edit made on another instance takes to apply.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Event types the push processor subscribes to beyond those stored at start-up. The router's subscriptions are
    /// fixed when it starts, so a destination may only use a type outside this set and the stored ones after a restart.
    /// </summary>
    public IList<string> SubscribedEventTypes { get; } = [];

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RefreshInterval, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RefreshInterval, TimeSpan.FromDays(1));
        if (SubscribedEventTypes.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidOperationException($"{SectionName}:SubscribedEventTypes holds an empty event type");
        }
    }
}
