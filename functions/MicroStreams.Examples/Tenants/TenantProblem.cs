namespace MicroStreams.Examples.Tenants;

/// <summary>One thing wrong with a tenant edit: the destination's index (-1 for the request), the field at fault, and why.</summary>
public sealed record TenantProblem(int Index, string Field, string Reason);
