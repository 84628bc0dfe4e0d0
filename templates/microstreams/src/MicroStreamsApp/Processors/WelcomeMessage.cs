using Microsoft.Extensions.Configuration;
using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreamsApp.Processors;

/// <summary>What the welcome processor remembers about a user: nothing but that it has welcomed them.</summary>
public sealed record WelcomeState(bool Welcomed);

/// <summary>
/// Welcomes each user once: on <c>user_signed_up</c> it posts a welcome to the webhook in <c>Notifications:WebhookUrl</c>
/// (with the effect id as its Idempotency-Key, retried until delivered) and retires the user's worker.
/// </summary>
public sealed class WelcomeMessage(IConfiguration configuration) : Processor<WelcomeState>
{
    public const string Name = "welcome";
    public const string SignedUp = "user_signed_up";

    private readonly string _webhook = configuration["Notifications:WebhookUrl"] ?? "http://127.0.0.1:9/welcome";

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = [SignedUp] };

    protected override WelcomeState Start(StreamEvent activatingEvent) => new(false);

    protected override WelcomeState Handle(ProcessorContext context, WelcomeState state, StreamEvent @event)
    {
        context.Send("webhook", _webhook, new { template = "welcome", user = context.Key, email = @event.GetString("email") });
        context.Retire();
        return state with { Welcomed = true };
    }
}
