using MicroStreams.Examples.Tenants;
using MicroStreams.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MicroStreams.FunctionsApp.Http;

/// <summary>The tenant admin routes on the Azure host: the same contract and JSON as the embedded host, over the Table store.</summary>
public sealed class TenantsApi(TenantAdmin admin)
{
    private const string JsonType = "application/json";

    public async Task<IActionResult> ListAsync(CancellationToken cancellationToken) => Json(await admin.ListJsonAsync(cancellationToken));

    public async Task<IActionResult> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return Problems.BadRequest(TenantRules.TenantRule, "tenant");
        }

        return await admin.GetJsonAsync(tenant, cancellationToken) is { } json ? Json(json) : Problems.NotFound($"there is no tenant '{tenant}'");
    }

    public async Task<IActionResult> PutAsync(HttpRequest request, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.ContentLength > TenantRules.MaxBodyBytes ? null : await IngestRequestReader.ReadBodyAsync(request.Body, TenantRules.MaxBodyBytes + 1, cancellationToken);
        if (body is null || body.Length > TenantRules.MaxBodyBytes)
        {
            return Problems.TooLarge($"a tenant's configuration is at most {TenantRules.MaxBodyBytes} bytes");
        }

        var write = await admin.PutAsync(tenant, body, cancellationToken);
        switch (write.Outcome)
        {
            case TenantWriteOutcome.Invalid:
                return Problems.Of(StatusCodes.Status400BadRequest, "bad-tenant", "The tenant configuration is not valid",
                    $"{write.Problems.Count} problem(s) with tenant '{tenant}'; nothing was stored",
                    [.. write.Problems.Select(p => new EventError(p.Index, p.Field, p.Reason))]);
            case TenantWriteOutcome.Created:
                request.HttpContext.Response.Headers.Location = $"/api/tenants/{tenant}";
                return Json(write.Json!, StatusCodes.Status201Created);
            default:
                return Json(write.Json!);
        }
    }

    public async Task<IActionResult> DeleteAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return Problems.BadRequest(TenantRules.TenantRule, "tenant");
        }

        return await admin.DeleteAsync(tenant, cancellationToken) ? new NoContentResult() : Problems.NotFound($"there is no tenant '{tenant}'");
    }

    private static ContentResult Json(byte[] json, int status = StatusCodes.Status200OK) =>
        new() { Content = System.Text.Encoding.UTF8.GetString(json), ContentType = JsonType, StatusCode = status };
}
