using Microsoft.AspNetCore.Routing;

namespace MicroStreams.Http.Hosting;

/// <summary>One <see cref="EmbeddedMicroStreamsBuilder.AddAdminEndpoints"/> call, as the container holds it.</summary>
internal sealed record AdminEndpoints(Action<IEndpointRouteBuilder> Map);
