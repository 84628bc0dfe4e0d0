using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Examples.Churn;

/// <summary>
/// Touches base with users at risk of churning: 7 days (in event time) after a user's latest sign-in, the inactivity timer
/// fires and the user gets one re-engagement email; the worker then retires for good. A sign-in that arrives late, older
/// than one already seen, never moves the timer earlier.
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
        var email = @event.OptionalString("email", state.Email);

        // Sign-ins reach the log out of event-time order (SDKs batch and retry): only a later sign-in moves the timer, and
        // its address wins; an older one that arrives late is counted, and gives its address only when none is known yet.
        var latest = state.SignIns == 0 || @event.Time > state.LastSignIn;
        if (latest)
        {
            context.SetTimer(InactivityTimer, @event.Time + InactivityWindow);
        }

        var next = state with
        {
            LastSignIn = latest ? @event.Time : state.LastSignIn,
            SignIns = state.SignIns + 1,
            Email = latest ? email ?? state.Email : state.Email ?? email,
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
