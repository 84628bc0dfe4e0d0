using MicroStreams.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Bindings;

/// <summary>The projection routes (function key), backed by Table storage: list, read one row, scan by key prefix.</summary>
public sealed class ProjectionFunctions(ProjectionsApi projections)
{
    [Function("ListProjections")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "projections")] HttpRequest request, CancellationToken cancellationToken) =>
        projections.ListAsync(cancellationToken);

    [Function("ScanProjection")]
    public Task<IActionResult> ScanAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "projections/{name}/rows")] HttpRequest request, string name, CancellationToken cancellationToken) =>
        projections.ScanAsync(request, name, cancellationToken);

    [Function("GetProjectionRow")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "projections/{name}/rows/{*key}")] HttpRequest request, string name, string key, CancellationToken cancellationToken) =>
        projections.GetAsync(name, key, cancellationToken);
}
