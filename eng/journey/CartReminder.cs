using Microsoft.Extensions.Configuration;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace CartShop.Processors;

/// <summary>What the cart reminder remembers about a shopper: where to write and what the cart held.</summary>
public sealed record CartState(string? Email, int Items);

/// <summary>
/// A user's own processor, not one of the repository's examples: one hour after a <c>cart_updated</c> with no
/// <c>checkout_completed</c>, post one reminder to the webhook in <c>Reminders:WebhookUrl</c>, then retire.
/// Every cart update moves the hour on; a checkout cancels it.
/// </summary>
public sealed class CartReminder(IConfiguration configuration) : Processor<CartState>
{
    public const string CartUpdated = "cart_updated";
    public const string CheckoutCompleted = "checkout_completed";
    public const string ReminderTimer = "remind";
    public static readonly TimeSpan Wait = TimeSpan.FromHours(1);

    private readonly string _webhook = configuration["Reminders:WebhookUrl"] ?? throw new InvalidOperationException("set Reminders:WebhookUrl");

    public override ProcessorSpec Spec { get; } = new("cart_reminder")
    {
        Subscribes = [CartUpdated, CheckoutCompleted],
        ActivatedBy = [CartUpdated],
    };

    protected override CartState Start(StreamEvent activatingEvent) => new(null, 0);

    protected override CartState Handle(ProcessorContext context, CartState state, StreamEvent @event)
    {
        if (@event.Type == CheckoutCompleted)
        {
            context.CancelTimer(ReminderTimer);
            return state with { Items = 0 };
        }

        context.SetTimer(ReminderTimer, Wait);
        return new CartState(@event.GetString("email", state.Email) ?? state.Email, (int)@event.GetDecimal("items", state.Items));
    }

    protected override CartState OnTimer(ProcessorContext context, CartState state, TimerFired timer)
    {
        context.Send("webhook", _webhook, new { template = "cart-reminder", user = context.Key, email = state.Email, items = state.Items });
        context.Retire();
        return state;
    }
}
