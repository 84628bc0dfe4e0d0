using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Examples.Milestones;

/// <summary>
/// Celebrates users who have earned $100: sums the price of each sale and sends one achievement email at the
/// threshold, then retires. Only a <c>user_created</c> starts a worker, so users who signed up before this processor
/// existed (whose earlier sales it never saw) get no possibly-wrong achievement. A <c>price</c> that is missing, not a number
/// or negative refuses the sale (dead-lettered, the user quarantined) rather than counting it as 0.
/// </summary>
/// <remarks>
/// The email goes out when the sales seen reach $100, whatever order they arrived in; it cannot wait for a sale that is
/// still on its way, so its time and the total it reports are those of the sale that crossed the threshold on arrival.
/// A sale that reaches the log before its user's <c>user_created</c> finds no worker and is not counted.
/// </remarks>
public sealed class SalesMilestone : Processor<SalesState>
{
    public const string Name = "sales_milestone";
    public const decimal Threshold = 100m;

    /// <summary>The projection of each user's sales total, keyed by user.</summary>
    public const string SalesTotalsProjection = "sales_totals";

    public override ProcessorSpec Spec { get; } = new(Name)
    {
        Subscribes = [EventTypes.UserCreated, EventTypes.SaleComplete],
        KeepsEvents = false, // the state copies what it needs from each event
        ActivatedBy = [EventTypes.UserCreated],
        Projections = [SalesTotalsProjection],
    };

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<SalesState> StateTypeInfo => ExampleStateJson.Default.SalesState;

    protected override SalesState Start(StreamEvent activatingEvent) => new(0m, 0, activatingEvent.OptionalString("email"));

    protected override SalesState Handle(ProcessorContext context, SalesState state, StreamEvent @event)
    {
        if (@event.Type != EventTypes.SaleComplete)
        {
            return state;
        }

        var price = @event.RequireDecimal("price");
        if (price < 0)
        {
            throw new EventDataException("price", $"price: expected a number of 0 or more, got a negative price ({price})");
        }

        // Sales arrive out of event-time order: the sum does not care, and the row keeps the latest sale's time.
        var lastSaleAt = state.LastSaleAt is { } seen && seen > @event.Time ? seen : @event.Time;
        var next = state with { Total = state.Total + price, Sales = state.Sales + 1, LastSaleAt = lastSaleAt };
        context.Project(SalesTotalsProjection, context.Key, new SalesTotalsRow(context.Key, next.Total, next.Sales, next.Total >= Threshold, lastSaleAt), ExampleStateJson.Default.SalesTotalsRow);
        if (next.Total >= Threshold)
        {
            context.Send("email", next.Email ?? context.Key, new
            {
                template = "achievement",
                user = context.Key,
                total = next.Total,
                sales = next.Sales,
            });
            context.Retire();
        }

        return next;
    }
}
