using FsCheck;
using FsCheck.Fluent;

namespace MicroStreams.Embedded.Tests.Properties;

internal enum Act
{
    Plain,
    Start,
    SetTimer,
    CancelTimer,
    Send,
    Throw,
    Retire,
    Poison,
}

/// <summary>One event of a generated scenario: whose it is and what it asks the probe processors to do.</summary>
internal sealed record EventSpec(int User, Act Act, int Minutes, bool SecondTimer)
{
    public string Subject => "u" + User;

    public string Type => Act == Act.Start ? "probe_start" : "probe";

    /// <summary>Timer "a" is always due on a half minute and "b" on a whole one, so one worker's timers never tie.</summary>
    public string Data(string id) => Act switch
    {
        Act.SetTimer => SecondTimer ? $$"""{"do":"set","timer":"b","minutes":{{Minutes}}}""" : $$"""{"do":"set","timer":"a","minutes":{{Minutes}}.5}""",
        Act.CancelTimer => $$"""{"do":"cancel","timer":"{{(SecondTimer ? "b" : "a")}}"}""",
        Act.Send => """{"do":"send","count":2}""",
        Act.Throw => """{"do":"throw"}""",
        Act.Retire => """{"do":"retire"}""",
        _ => $$"""{"note":"{{id}}"}""",
    };
}

/// <summary>Events appended together, then the clock moves on and the runtime drains (and maybe restarts).</summary>
internal sealed record Chunk(IReadOnlyList<EventSpec> Events, int AdvanceMinutes, bool RestartAfter);

internal sealed record Scenario(IReadOnlyList<Chunk> Chunks, int MaxBatchEvents)
{
    public override string ToString() =>
        $"batch {MaxBatchEvents}: " + string.Join(" | ", Chunks.Select(c =>
            string.Join(",", c.Events.Select(e => $"{e.Subject}:{e.Act}{(e.Act is Act.SetTimer or Act.CancelTimer ? (e.SecondTimer ? "b" : "a") + e.Minutes : string.Empty)}"))
            + $" +{c.AdvanceMinutes}m{(c.RestartAfter ? " restart" : string.Empty)}"));

    private static Gen<Act> ActGen { get; } = Gen.Frequency(
        (5, Gen.Constant(Act.Plain)), (3, Gen.Constant(Act.Start)), (4, Gen.Constant(Act.SetTimer)), (2, Gen.Constant(Act.CancelTimer)),
        (2, Gen.Constant(Act.Send)), (1, Gen.Constant(Act.Throw)), (1, Gen.Constant(Act.Retire)), (1, Gen.Constant(Act.Poison)));

    private static Gen<EventSpec> EventGen { get; } =
        from user in Gen.Choose(0, 3)
        from act in ActGen
        from minutes in Gen.Choose(1, 90)
        from second in Gen.Elements(true, false)
        select new EventSpec(user, act, minutes, second);

    private static Gen<Chunk> ChunkGen { get; } =
        from count in Gen.Choose(0, 8)
        from events in EventGen.ListOf(count)
        from advance in Gen.Choose(0, 90)
        from restart in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        select new Chunk([.. events], advance, restart);

    // Declared last: static initializers run in order and this one uses those above.
    public static Gen<Scenario> Generator { get; } =
        from count in Gen.Choose(1, 6)
        from chunks in ChunkGen.ListOf(count)
        from batch in Gen.Choose(1, 8)
        select new Scenario([.. chunks], batch);
}
