using System.Globalization;
using Azure.Messaging.EventHubs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MicroStreams.Functions.Http;

/// <summary>
/// <c>POST /api/events</c>: validate the whole request, then append it to Event Hubs by routing key. Answers as the
/// embedded host does: 200 with <c>accepted</c>, <c>duplicates</c> and <c>positions</c> once the log has the events
/// (Event Hubs does not return sequence numbers on send, so every position is null, and nothing is deduplicated), plus
/// the events' <c>ids</c>; 429 with <c>Retry-After</c> when Event Hubs throttles.
/// </summary>
public sealed class EventsApi(IngestRequestReader reader, IEventPublisher publisher, IngestLimits limits)
{
    public async Task<IActionResult> IngestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await reader.ReadAsync(request, cancellationToken);
        if (!read.Succeeded)
        {
            return Rejected(read);
        }

        try
        {
            await publisher.PublishAsync(read.Events, cancellationToken);
        }
        catch (EventHubsException ex) when (ex.Reason is EventHubsException.FailureReason.ServiceBusy or EventHubsException.FailureReason.QuotaExceeded)
        {
            // The SDK has already retried with its own back-off; the client's retry is safe (workers skip positions they applied).
            var seconds = (int)Math.Ceiling(limits.RetryAfter.TotalSeconds);
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Backpressure($"the event hub is throttling ({ex.Reason}); retry after {seconds} s (events of other routing keys in this request may already be appended)");
        }
        catch (EventHubsException ex) when (ex.Reason == EventHubsException.FailureReason.MessageSizeExceeded)
        {
            return Problems.TooLarge($"the event hub refused a send as too large: {ex.Message}");
        }

        return new OkObjectResult(new
        {
            accepted = read.Events.Count,
            duplicates = 0,
            positions = new object?[read.Events.Count],
            ids = read.Events.Select(e => e.Id).ToArray(),
        });
    }

    private static ObjectResult Rejected(IngestRead read) => read.FailureStatus switch
    {
        StatusCodes.Status413PayloadTooLarge => Problems.TooLarge(read.FailureDetail!, read.Errors.Count > 0 ? read.Errors : null),
        StatusCodes.Status415UnsupportedMediaType => Problems.UnsupportedMediaType(read.FailureDetail!),
        _ when read.Errors.Count > 0 && read.Errors.All(e => e.Index >= 0) => Problems.BadEvents(read.Errors),
        _ => Problems.BadRequest(read.FailureDetail!, read.Errors.Count > 0 ? read.Errors[0].Field : "$"),
    };
}
