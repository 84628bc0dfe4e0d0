using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Http.Tests.Hosting;

/// <summary>
/// A user's processor, not one of the examples: an hour after a cart was last updated without a checkout, one reminder
/// on the user's own <c>reminder</c> channel; a checkout cancels it.
/// </summary>
public sealed class CartReminder : Processor<CartReminder.Cart>
{
    public const string Name = "cart_reminder";
    public const string Channel = "reminder";
    public static readonly TimeSpan Wait = TimeSpan.FromHours(1);

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = ["cart_updated", "checkout_completed"] };

    protected override Cart Start(StreamEvent activatingEvent) => new(activatingEvent.Time, 0);

    protected override Cart Handle(ProcessorContext context, Cart state, StreamEvent @event)
    {
        if (@event.Type == "checkout_completed")
        {
            context.CancelTimer("remind");
            context.Retire();
            return state;
        }

        context.SetTimer("remind", @event.Time + Wait);
        return state with { UpdatedAt = @event.Time, Updates = state.Updates + 1 };
    }

    protected override Cart OnTimer(ProcessorContext context, Cart state, TimerFired timer)
    {
        context.Send(Channel, context.Key, new { cart = context.Key, updates = state.Updates });
        context.Retire();
        return state;
    }

    public sealed record Cart(DateTimeOffset UpdatedAt, int Updates);
}
