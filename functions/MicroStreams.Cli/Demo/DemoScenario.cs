namespace MicroStreams.Cli.Demo;

/// <summary>The knobs of the simulated SaaS product: how many users, how long, which tenant's webhook breaks and when.</summary>
public sealed record DemoScenario(int Users, int Days, int Seed, TimeSpan Step)
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> Tenants { get; } = ["acme", "globex", "initech", "umbrella", "hooli"];

    /// <summary>The tenant whose webhook answers HTTP 503 during the outage.</summary>
    public static string FailingTenant => Tenants[2];

    /// <summary>The outage starts a third of the way in and lasts two simulated days (less on short runs).</summary>
    public DateTimeOffset OutageStart => Start.AddDays(Days / 3) + TimeSpan.FromHours(9);

    public DateTimeOffset OutageEnd => OutageStart + TimeSpan.FromHours(Math.Clamp(Days, 1, 48));

    public DateTimeOffset End => Start.AddDays(Days);

    public bool IsOutage(DateTimeOffset now) => now >= OutageStart && now < OutageEnd;
}
