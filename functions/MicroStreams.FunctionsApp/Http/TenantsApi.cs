using MicroStreams.Examples.Tenants;
using MicroStreams.Http.Ingest;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.FunctionsApp.Http;

/// <summary>The tenant admin routes on the Azure host: the same contract and JSON as the embedded host, over the Table store.</summary>
public sealed class TenantsApi(TenantAdmin admin)
{
    private const string JsonType = "application/json";

    public async Task<IResult> ListAsync(CancellationToken cancellationToken) => Json(await admin.ListJsonAsync(cancellationToken));

    public async Task<IResult> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return Problem.BadRequest(TenantRules.TenantRule, "tenant");
        }

        return await admin.GetJsonAsync(tenant, cancellationToken) is { } json ? Json(json) : Problem.NotFound($"there is no tenant '{tenant}'");
    }

    public async Task<IResult> PutAsync(HttpRequest request, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var body = await RequestBody.ReadAsync(request, TenantRules.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problem.TooLarge($"a tenant's configuration is at most {TenantRules.MaxBodyBytes} bytes");
        }

        var write = await admin.PutAsync(tenant, body.Memory, cancellationToken);
        switch (write.Outcome)
        {
            case TenantWriteOutcome.Invalid:
                return Problem.Of(StatusCodes.Status400BadRequest, "bad-tenant", "The tenant configuration is not valid",
                    $"{write.Problems.Count} problem(s) with tenant '{tenant}'; nothing was stored",
                    [.. write.Problems.Select(p => new ProblemError(p.Index, p.Field, p.Reason))]);
            case TenantWriteOutcome.Created:
                request.HttpContext.Response.Headers.Location = $"/api/tenants/{tenant}";
                return Json(write.Json!, StatusCodes.Status201Created);
            default:
                return Json(write.Json!);
        }
    }

    public async Task<IResult> DeleteAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return Problem.BadRequest(TenantRules.TenantRule, "tenant");
        }

        return await admin.DeleteAsync(tenant, cancellationToken) ? TypedResults.NoContent() : Problem.NotFound($"there is no tenant '{tenant}'");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Json(byte[] json, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(System.Text.Encoding.UTF8.GetString(json), JsonType, System.Text.Encoding.UTF8, status);
}
