using System.Net;
using System.Text;
using MicroStreams.Effects;

namespace MicroStreams.Embedded.Effects;

/// <summary>POSTs the effect's payload as JSON to its target URL, with the effect id as the <c>Idempotency-Key</c> header.</summary>
public sealed class WebhookSink(HttpClient http) : IEffectSink
{
    public string Channel => "webhook";

    public async Task<DeliveryResult> DeliverAsync(Effect effect, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(effect.Target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return DeliveryResult.Reject($"'{effect.Target}' is not an http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(effect.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", effect.Id);
        request.Headers.Add("X-MicroStreams-Processor", effect.Worker.Processor);

        // The receiver joins the trace of the event that caused the call (W3C traceparent; HttpClient leaves a header it finds).
        if (System.Diagnostics.Activity.Current is { } span)
        {
            System.Diagnostics.DistributedContextPropagator.Current.Inject(span, request, static (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => DeliveryResult.Delivered,
                (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 => DeliveryResult.Retry($"HTTP {status}"),
                _ => DeliveryResult.Reject($"HTTP {status}"),
            };
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Retry(ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"timed out: {ex.Message}");
        }
    }
}
