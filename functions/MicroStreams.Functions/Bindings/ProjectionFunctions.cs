using MicroStreams.Http.Projections;
using MicroStreams.Projections;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Bindings;

/// <summary>The projection routes (function key): the shared handlers over Table storage: list, read one row, scan by key prefix.</summary>
public sealed class ProjectionFunctions(Router router, IProjectionReader projections)
{
    [Function("ListProjections")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "projections")] HttpRequest request, CancellationToken cancellationToken) =>
        ProjectionApi.ListAsync(router, projections, cancellationToken);

    [Function("ScanProjection")]
    public Task<IResult> ScanAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "projections/{name}/rows")] HttpRequest request, string name, CancellationToken cancellationToken) =>
        ProjectionApi.ScanAsync(request, name, projections, cancellationToken);

    [Function("GetProjectionRow")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "projections/{name}/rows/{*key}")] HttpRequest request, string name, string key, CancellationToken cancellationToken) =>
        ProjectionApi.GetAsync(name, key, projections, cancellationToken);
}
