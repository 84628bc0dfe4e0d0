using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MicroStreams.Functions.Http;

/// <summary><c>POST /api/events</c>: validate the whole request, then append it to Event Hubs by routing key.</summary>
public sealed class EventsApi(IngestRequestReader reader, IEventPublisher publisher)
{
    public async Task<IActionResult> IngestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(request, cancellationToken);
        if (!read.Succeeded)
        {
            var title = read.FailureStatus switch
            {
                StatusCodes.Status413PayloadTooLarge => "Payload too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => "Invalid events",
            };
            return Problems.Create(read.FailureStatus!.Value, title, read.FailureDetail,
                read.Errors.Count > 0 ? new Dictionary<string, object?> { ["errors"] = read.Errors } : null);
        }

        await publisher.PublishAsync(read.Events, cancellationToken);
        return new ObjectResult(new { accepted = read.Events.Count, ids = read.Events.Select(e => e.Id).ToArray() }) { StatusCode = StatusCodes.Status202Accepted };
    }
}
