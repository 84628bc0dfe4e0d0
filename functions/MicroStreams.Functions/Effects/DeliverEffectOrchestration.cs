using MicroStreams.Functions.DeadLetters;
using Microsoft.DurableTask;

namespace MicroStreams.Functions.Effects;

/// <summary>
/// Delivers one effect: an activity call with exponential retries bounded by the effect's maximum age, then a dead
/// letter if the destination refused it or the retries ran out. The instance id is the effect id, so it runs once.
/// </summary>
public static class DeliverEffectOrchestration
{
    public const int MaxAttempts = 12;

    public static RetryPolicy PolicyFor(EffectMessage effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var maxAge = effect.MaxAge is { } age && age > TimeSpan.FromSeconds(5) ? age : TimeSpan.FromHours(24);
        return new RetryPolicy(MaxAttempts, TimeSpan.FromSeconds(5), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(30), retryTimeout: maxAge);
    }

    public static async Task<DeliveryResult> RunAsync(TaskOrchestrationContext context, string deliverActivity, string writeDeadLettersActivity)
    {
        ArgumentNullException.ThrowIfNull(context);
        var effect = context.GetInput<EffectMessage>() ?? throw new InvalidOperationException("DeliverEffect needs an EffectMessage input");
        DeliveryResult result;
        try
        {
            result = await context.CallActivityAsync<DeliveryResult>(deliverActivity, effect, TaskOptions.FromRetryPolicy(PolicyFor(effect)));
        }
        catch (TaskFailedException ex)
        {
            result = new DeliveryResult(false, ex.FailureDetails.ErrorMessage);
        }

        if (!result.Delivered)
        {
            var letter = DeadLetterDocument.ForEffect(effect.Id, effect.Processor, effect.Key, System.Text.Json.JsonSerializer.Serialize(effect),
                result.Detail ?? "undeliverable", MaxAttempts, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
            await context.CallActivityAsync(writeDeadLettersActivity, new[] { letter }, TaskOptions.FromRetryPolicy(DeadLetterRetry.Policy));
        }

        return result;
    }
}
