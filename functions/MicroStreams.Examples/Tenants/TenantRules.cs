using MicroStreams.Examples.Push;

namespace MicroStreams.Examples.Tenants;

/// <summary>What a stored tenant configuration must satisfy, checked on every admin write and on the configuration seed.</summary>
/// <remarks>
/// The upper bounds are not taste: a flush interval near <see cref="TimeSpan.MaxValue"/> would overflow the push worker's
/// timer arithmetic and quarantine every worker of the tenant, and the body limit keeps a tenant's destination list inside
/// one Table storage property (64 KiB).
/// </remarks>
public static class TenantRules
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxTenantLength = 128;
    public const int MaxDestinations = 32;
    public const int MaxNameLength = 100;
    public const int MaxEventTypes = 64;
    public const int MaxUrlLength = 2048;
    public const int MaxBatchSize = 10_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    /// <summary>1-128 ASCII letters, digits, '-', '_' or '.': safe in a URL path, a SQLite key and a Table row key alike.</summary>
    public static bool IsValidTenant(string? tenant) =>
        tenant is { Length: > 0 and <= MaxTenantLength } && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static string TenantRule => $"a tenant is 1-{MaxTenantLength} of A-Z, a-z, 0-9, '-', '_' and '.'";

    /// <summary>Every problem with a destination list; empty when it may be stored.</summary>
    public static IReadOnlyList<TenantProblem> Check(IReadOnlyList<Destination?>? destinations)
    {
        if (destinations is null)
        {
            return [new TenantProblem(-1, "destinations", "give the destinations: {\"destinations\":[{\"name\":...,\"url\":...,\"eventTypes\":[...]}]}")];
        }

        if (destinations.Count > MaxDestinations)
        {
            return [new TenantProblem(-1, "destinations", $"a tenant has at most {MaxDestinations} destinations")];
        }

        var problems = new List<TenantProblem>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < destinations.Count; i++)
        {
            if (destinations[i] is not { } destination)
            {
                problems.Add(new TenantProblem(i, $"destinations[{i}]", "a destination is an object, not null"));
                continue;
            }

            void Fail(string field, string reason) => problems.Add(new TenantProblem(i, $"destinations[{i}].{field}", reason));
            if (string.IsNullOrWhiteSpace(destination.Name) || destination.Name.Length > MaxNameLength)
            {
                Fail("name", $"a name is 1-{MaxNameLength} characters, not blank");
            }
            else if (!names.Add(destination.Name))
            {
                Fail("name", $"'{destination.Name}' names two destinations of this tenant");
            }

            if (destination.Url is not { Length: <= MaxUrlLength } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Fail("url", $"an absolute http or https URL of at most {MaxUrlLength} characters");
            }

            if (destination.EventTypes is not { Count: > 0 and <= MaxEventTypes } types || types.Any(string.IsNullOrWhiteSpace))
            {
                Fail("eventTypes", $"1-{MaxEventTypes} event types, none blank");
            }

            if (destination.MaxBatchSize is < 1 or > MaxBatchSize)
            {
                Fail("maxBatchSize", $"from 1 to {MaxBatchSize}");
            }

            CheckDuration(destination.FlushInterval, "flushInterval", Fail);
            CheckDuration(destination.MaxAge, "maxAge", Fail);
        }

        return problems;
    }

    private static void CheckDuration(TimeSpan value, string field, Action<string, string> fail)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            fail(field, $"a positive duration of at most {MaxDuration.TotalDays} days, written like 00:00:10 or 1.00:00:00");
        }
    }
}
