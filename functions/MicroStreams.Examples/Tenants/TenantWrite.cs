namespace MicroStreams.Examples.Tenants;

/// <summary>The result of an admin PUT: created or replaced with the stored tenant's JSON, or invalid with its problems.</summary>
public sealed record TenantWrite(TenantWriteOutcome Outcome, IReadOnlyList<TenantProblem> Problems, byte[]? Json);
