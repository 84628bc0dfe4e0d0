using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Examples.Milestones;

/// <summary>
/// Celebrates users who have earned $100: sums the price of each sale and sends one achievement email at the
/// threshold, then retires. Only a <c>user_created</c> starts a worker, so users who signed up before this processor
/// existed (whose earlier sales it never saw) get no possibly-wrong achievement.
/// </summary>
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

    protected override SalesState Start(StreamEvent activatingEvent) => new(0m, 0, activatingEvent.GetString("email"));

    protected override SalesState Handle(ProcessorContext context, SalesState state, StreamEvent @event)
    {
        if (@event.Type != EventTypes.SaleComplete)
        {
            return state;
        }

        var price = @event.GetDecimal("price");
        if (price < 0)
        {
            throw new InvalidOperationException($"sale {@event.Id} has a negative price ({price})");
        }

        var next = state with { Total = state.Total + price, Sales = state.Sales + 1 };
        context.Project(SalesTotalsProjection, context.Key, new SalesTotalsRow(context.Key, next.Total, next.Sales, next.Total >= Threshold, @event.Time), ExampleStateJson.Default.SalesTotalsRow);
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
