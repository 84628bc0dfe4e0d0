namespace MicroStreams.Examples.Tenants;

/// <summary>How an admin write of a tenant ended.</summary>
public enum TenantWriteOutcome
{
    Created = 0,
    Replaced = 1,
    Invalid = 2,
}
