using System.Diagnostics;
using System.Net;
using System.Text;

namespace MicroStreams.Effects;

/// <summary>
/// The <c>webhook</c> channel: POSTs the effect's payload as JSON to its target URL, with the effect id as the
/// <c>Idempotency-Key</c> header and the W3C trace context of the step that decided it.
/// </summary>
public sealed class WebhookSender(HttpClient http) : IEffectSender
{
    public const string ChannelName = "webhook";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public string Channel => ChannelName;

    public async Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        if (!Uri.TryCreate(effect.Target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return EffectDeliveryResult.Reject($"'{effect.Target}' is not an http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(effect.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(IdempotencyKeyHeader, effect.Id);
        request.Headers.Add("X-MicroStreams-Processor", effect.Worker.Processor);

        // The receiver joins the trace of the event that caused the call: the live span where the host traces
        // delivery, else the traceparent the deciding step recorded on the effect.
        if (Activity.Current is { } span)
        {
            DistributedContextPropagator.Current.Inject(span, request, static (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }
        else if (effect.TraceParent is { } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => EffectDeliveryResult.Delivered,
                (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 => EffectDeliveryResult.Retry($"HTTP {status}"),
                _ => EffectDeliveryResult.Reject($"HTTP {status}"),
            };
        }
        catch (HttpRequestException ex)
        {
            return EffectDeliveryResult.Retry(ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return EffectDeliveryResult.Retry($"timed out: {ex.Message}");
        }
    }
}
