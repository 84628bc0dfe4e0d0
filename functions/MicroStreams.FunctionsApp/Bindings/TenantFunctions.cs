using MicroStreams.FunctionsApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.FunctionsApp.Bindings;

/// <summary>
/// The push tenants' destinations (admin key: URLs may carry secrets), backed by Table storage. A write applies on the
/// instance that served it at once and on the others within their refresh interval (<c>MicroStreams__TenantDirectory__RefreshInterval</c>).
/// </summary>
public sealed class TenantFunctions(TenantsApi tenants)
{
    [Function("ListTenants")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "tenants")] HttpRequest request, CancellationToken cancellationToken) =>
        tenants.ListAsync(cancellationToken);

    [Function("GetTenant")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "tenants/{tenant}")] HttpRequest request, string tenant, CancellationToken cancellationToken) =>
        tenants.GetAsync(tenant, cancellationToken);

    [Function("PutTenant")]
    public Task<IActionResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "tenants/{tenant}")] HttpRequest request, string tenant, CancellationToken cancellationToken) =>
        tenants.PutAsync(request, tenant, cancellationToken);

    [Function("DeleteTenant")]
    public Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "tenants/{tenant}")] HttpRequest request, string tenant, CancellationToken cancellationToken) =>
        tenants.DeleteAsync(tenant, cancellationToken);
}
