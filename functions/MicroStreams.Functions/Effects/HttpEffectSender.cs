using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MicroStreams.Functions.Configuration;

namespace MicroStreams.Functions.Effects;

/// <summary>
/// Delivers effects over HTTP with an <c>Idempotency-Key</c> header equal to the effect id, so the receiver sees each
/// effect once however often it is retried. <c>webhook</c> effects POST their payload to their target URL; other
/// channels POST an envelope (id, channel, target, payload) to the configured gateway.
/// </summary>
public sealed class HttpEffectSender(HttpClient http, FunctionsSettings settings) : IEffectSender
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<DeliveryResult> SendAsync(EffectMessage effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var request = BuildRequest(effect, settings.EffectGatewayUrl);
        if (request is null)
        {
            return new DeliveryResult(false, 0, $"no destination for channel '{effect.Channel}': set {SettingNames.EffectGatewayUrl}");
        }

        using (request)
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryResult(true, status);
            }

            if (IsTransient(response.StatusCode))
            {
                throw new HttpRequestException($"effect {effect.Id}: {effect.Target} answered {status}; will retry", null, response.StatusCode);
            }

            return new DeliveryResult(false, status, $"{effect.Target} refused the effect with {status}");
        }
    }

    /// <summary>The request for <paramref name="effect"/>, or null when its channel has no destination.</summary>
    public static HttpRequestMessage? BuildRequest(EffectMessage effect, Uri? gateway)
    {
        ArgumentNullException.ThrowIfNull(effect);
        Uri? url;
        string body;
        if (effect.Channel == "webhook" && Uri.TryCreate(effect.Target, UriKind.Absolute, out var target) && target.Scheme is "https" or "http")
        {
            url = target;
            body = effect.Payload;
        }
        else
        {
            url = gateway;
            body = JsonSerializer.Serialize(new { id = effect.Id, channel = effect.Channel, target = effect.Target, processor = effect.Processor, key = effect.Key, payload = JsonDocument.Parse(effect.Payload).RootElement });
        }

        if (url is null)
        {
            return null;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, effect.Id);
        if (effect.TraceParent is { } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return request;
    }

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
