using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Examples.Churn;

/// <summary>
/// Touches base with users at risk of churning: every sign-in pushes a 7-day inactivity timer out; when it fires,
/// the user gets one re-engagement email and the worker retires for good.
/// </summary>
public sealed class ChurnDetection : Processor<ChurnState>
{
    public const string Name = "churn_detection";
    public const string InactivityTimer = "inactive";

    /// <summary>The projection of each user's last sign-in, keyed by user.</summary>
    public const string LastSignInProjection = "last_signin";
    public static readonly TimeSpan InactivityWindow = TimeSpan.FromDays(7);

    public override ProcessorSpec Spec { get; } = new(Name)
    {
        Subscribes = [EventTypes.UserSignin],
        KeepsEvents = false, // the state copies what it needs from each event
        Projections = [LastSignInProjection],
    };

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ChurnState> StateTypeInfo => ExampleStateJson.Default.ChurnState;

    protected override ChurnState Start(StreamEvent activatingEvent) => new(activatingEvent.Time, 0, null);

    protected override ChurnState Handle(ProcessorContext context, ChurnState state, StreamEvent @event)
    {
        context.SetTimer(InactivityTimer, InactivityWindow);
        var next = state with
        {
            LastSignIn = @event.Time,
            SignIns = state.SignIns + 1,
            Email = @event.GetString("email", state.Email) ?? state.Email,
        };
        // The row is a view of the new state, made when the host commits it (once per batch, not per sign-in).
        context.Project(LastSignInProjection, context.Key, next, static (user, state) => new LastSignInRow(user, state.LastSignIn, state.SignIns), ExampleStateJson.Default.LastSignInRow);
        return next;
    }

    protected override ChurnState OnTimer(ProcessorContext context, ChurnState state, TimerFired timer)
    {
        context.Send("email", state.Email ?? context.Key, new
        {
            template = "re-engagement",
            user = context.Key,
            lastSignIn = state.LastSignIn,
            daysInactive = (int)(timer.Due - state.LastSignIn).TotalDays,
        });
        context.Retire();
        return state;
    }
}
