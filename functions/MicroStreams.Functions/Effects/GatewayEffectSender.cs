using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MicroStreams.Effects;

namespace MicroStreams.Functions.Effects;

/// <summary>
/// Delivers one channel's effects (an email or push channel) through an HTTP gateway of your own: each effect is POSTed
/// to <paramref name="gateway"/> as an envelope (<c>id</c>, <c>channel</c>, <c>target</c>, <c>processor</c>, <c>key</c>,
/// <c>payload</c>) with its id as the <c>Idempotency-Key</c> header, so the gateway sees each effect once however often it
/// is retried. Register it for a channel: <c>.AddEffectChannel("email", sp => new GatewayEffectSender("email", url, http))</c>.
/// </summary>
public sealed class GatewayEffectSender(string channel, Uri gateway, HttpClient http) : IEffectSender
{
    public string Channel { get; } = !string.IsNullOrWhiteSpace(channel) ? channel : throw new ArgumentException("a channel name is required", nameof(channel));

    public async Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        using var request = BuildRequest(effect, gateway);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return EffectDeliveryResult.Delivered;
            }

            return IsTransient(response.StatusCode)
                ? EffectDeliveryResult.Retry($"{gateway} answered {status}")
                : EffectDeliveryResult.Reject($"{gateway} refused the effect with {status}");
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

    /// <summary>The gateway request for <paramref name="effect"/>: the envelope, the idempotency key and the trace context.</summary>
    public static HttpRequestMessage BuildRequest(Effect effect, Uri gateway)
    {
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentNullException.ThrowIfNull(gateway);
        using var payload = JsonDocument.Parse(effect.Payload);
        var body = JsonSerializer.Serialize(new { id = effect.Id, channel = effect.Channel, target = effect.Target, processor = effect.Worker.Processor, key = effect.Worker.Key, payload = payload.RootElement });
        var request = new HttpRequestMessage(HttpMethod.Post, gateway) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSender.IdempotencyKeyHeader, effect.Id);
        if (effect.TraceParent is { } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return request;
    }

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
