using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Examples;

namespace MicroStreams.Functions.Tests.Conformance;

/// <summary>One move of a script: a producer appends an event now, or the wall clock moves on.</summary>
internal abstract record Move;

/// <summary>An event appended at the current wall clock; its own time is <paramref name="Shift"/> away (negative: late or out of order).</summary>
internal sealed record Append(string Subject, TimeSpan Shift, string Type, string? Data, string? Id = null) : Move
{
    public override string ToString() => $"{Subject}:{Data ?? Type}{(Shift == TimeSpan.Zero ? "" : $"@{Shift.TotalMinutes:+0;-0}m")}";
}

/// <summary>
/// The wall clock moves on by <paramref name="By"/>; the consumers then catch up with the log unless <paramref name="Lag"/>
/// (a backlog). <paramref name="Redeliver"/>: the Azure trigger delivers the records again, in one batch (at-least-once).
/// </summary>
internal sealed record Advance(TimeSpan By, bool Lag = false, bool Redeliver = false) : Move
{
    public override string ToString() => $"+{By.TotalMinutes}m{(Lag ? " lag" : "")}{(Redeliver ? " redeliver" : "")}";
}

/// <summary>
/// A per-key script run through every host and mode: the moves, the Azure trigger's batch size, and how late each
/// scheduled tick signal arrives (the i-th armed timer's tick is delayed by <c>TickDelays[i % n]</c>).
/// </summary>
internal sealed record Script(string Name, IReadOnlyList<Move> Moves, int BatchSize, IReadOnlyList<TimeSpan> TickDelays, bool Churn = false)
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public override string ToString() =>
        $"{Name} batch {BatchSize} tick delays [{string.Join(",", TickDelays.Select(d => d.TotalMinutes))}]: {string.Join(" ", Moves)}";

    private static Gen<string?> DataGen { get; } = Gen.Frequency(
        (4, Gen.Constant<string?>(null)),
        (5, from minutes in Gen.Choose(1, 300) from timer in Gen.Elements("a", "b") select (string?)$$"""{"do":"set","timer":"{{timer}}","minutes":{{minutes}}}"""),
        (2, Gen.Elements("a", "b").Select(t => (string?)$$"""{"do":"cancel","timer":"{{t}}"}""")),
        (2, Gen.Constant<string?>("""{"do":"send"}""")),
        (1, Gen.Constant<string?>("""{"do":"throw"}""")),
        (1, Gen.Constant<string?>("""{"do":"retire"}""")),
        (1, Gen.Constant<string?>("""{"do":"bomb"}""")));

    private static Gen<Move> AppendGen { get; } =
        from user in Gen.Elements("u0", "u1")
        from shift in Gen.Frequency((5, Gen.Constant(0)), (3, Gen.Choose(-600, -1)), (1, Gen.Choose(1, 120)))
        from data in DataGen
        select (Move)new Append(user, TimeSpan.FromMinutes(shift), ConformanceProcessor.Name, data);

    private static Gen<Move> AdvanceGen { get; } =
        from minutes in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 400)))
        from lag in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from redeliver in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        select (Move)new Advance(TimeSpan.FromMinutes(minutes), lag, redeliver);

    public static Gen<Script> Generator { get; } =
        from count in Gen.Choose(2, 16)
        from moves in Gen.Frequency((3, AppendGen), (2, AdvanceGen)).ListOf(count)
        from batch in Gen.Choose(1, 4)
        from delays in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 600))).ListOf(3)
        select new Script("generated", [.. moves], batch, [.. delays.Select(d => TimeSpan.FromMinutes(d))]);

    private static Append SignIn(string user, TimeSpan shift) =>
        new(user, shift, EventTypes.UserSignin, $$"""{"email":"{{user}}@example.com"}""");

    /// <summary>A: the t0+6d sign-in was appended on time but reaches the workers only at t0+8d (a backlog).</summary>
    public static Script LaggingConsumer { get; } = new("A lagging consumer",
        [SignIn("u1", TimeSpan.Zero), new Advance(TimeSpan.FromDays(6)), SignIn("u1", TimeSpan.Zero), new Advance(TimeSpan.FromDays(2), Lag: true), new Advance(TimeSpan.Zero)],
        BatchSize: 10, TickDelays: [TimeSpan.Zero], Churn: true);

    /// <summary>B: the t0+8d sign-in is applied before the t0+7d tick, which the scheduler delivers two days late.</summary>
    public static Script LateTick { get; } = new("B late tick",
        [SignIn("u1", TimeSpan.Zero), new Advance(TimeSpan.FromDays(8), Lag: true), SignIn("u1", TimeSpan.Zero), new Advance(TimeSpan.Zero)],
        BatchSize: 10, TickDelays: [TimeSpan.FromDays(2)], Churn: true);

    /// <summary>A producer appends at t0+8d a sign-in that happened at t0+6d, after the consumer fired the t0+7d timer.</summary>
    public static Script LateAppend { get; } = new("late append",
        [SignIn("u1", TimeSpan.Zero), new Advance(TimeSpan.FromDays(8)), SignIn("u1", TimeSpan.FromDays(-2)), new Advance(TimeSpan.Zero)],
        BatchSize: 10, TickDelays: [TimeSpan.Zero], Churn: true);
}
