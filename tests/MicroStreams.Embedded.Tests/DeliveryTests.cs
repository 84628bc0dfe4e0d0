using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests;

public sealed class DeliveryTests
{
    private static async Task<TestRuntime> TwoChurnEmailsDueAsync(Action<EmbeddedOptions>? configure = null)
    {
        var test = TestRuntime.Start([new ChurnDetection()], configure);
        await test.IngestAsync(
            Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, """{"email":"down@example.com"}"""),
            Ce.Make(EventTypes.UserSignin, "u2", Ce.T0, """{"email":"up@example.com"}"""));
        await test.DrainAsync();
        return test;
    }

    [Fact]
    public async Task DrainAsync_WhenADestinationFails_RetriesItAfterABackoffWhileOtherDestinationsAreDelivered()
    {
        await using var test = await TwoChurnEmailsDueAsync(o => o.DeliveryBackoffBase = TimeSpan.FromSeconds(10));
        var failing = true;
        test.Email.Respond = e => failing && e.Target == "down@example.com" ? EffectDeliveryResult.Retry("mailbox busy") : EffectDeliveryResult.Delivered;

        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(7));
        var deliveredWhileFailing = test.Email.Delivered.Select(e => e.Target).ToArray();
        await test.AdvanceAndDrainAsync(TimeSpan.FromSeconds(7));
        var attemptsWithinBackoff = test.Email.Attempts.Count(a => a.Effect.Target == "down@example.com");
        await test.AdvanceAndDrainAsync(TimeSpan.FromSeconds(6));
        var attemptsAfterBackoff = test.Email.Attempts.Count(a => a.Effect.Target == "down@example.com");
        failing = false;
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["up@example.com"], deliveredWhileFailing);
        Assert.Equal(1, attemptsWithinBackoff);
        Assert.Equal(2, attemptsAfterBackoff);
        Assert.Equal(["down@example.com", "up@example.com"], test.Email.Delivered.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.Equal(2, test.Runtime.Counters().DeliveryRetries);
        Assert.Empty(test.Runtime.DeadLetters(new DeadLetterQuery()));
    }

    [Fact]
    public async Task DrainAsync_WhenAnEffectOutlivesItsMaxAge_DeadLettersItAsUndeliverable()
    {
        await using var test = await TwoChurnEmailsDueAsync(o => o.EffectMaxAge = TimeSpan.FromHours(1));
        test.Email.Respond = e => e.Target == "down@example.com" ? EffectDeliveryResult.Retry("mailbox busy") : EffectDeliveryResult.Delivered;
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(7));

        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(59));
        var beforeMaxAge = test.Runtime.DeadLetters(new DeadLetterQuery()).Count;
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(0, beforeMaxAge);
        var letter = Assert.Single(test.Runtime.DeadLetters(new DeadLetterQuery()));
        Assert.Equal((DeadLetterKind.EffectUndeliverable, ChurnDetection.Name, "u1"), (letter.Kind, letter.Processor!, letter.Key!));
        using var raw = JsonDocument.Parse(letter.Raw);
        Assert.Equal(letter.EventId, raw.RootElement.GetProperty("id").GetString());
        Assert.Contains("maximum age", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(1, test.Runtime.Counters().EffectsUndeliverable);
        Assert.Equal(["up@example.com"], test.Email.Delivered.Select(e => e.Target));
    }

    [Fact]
    public async Task DrainAsync_WhenTheDestinationRefusesForGood_DeadLettersAtOnce()
    {
        await using var test = await TwoChurnEmailsDueAsync();
        test.Email.Respond = e => e.Target == "down@example.com" ? EffectDeliveryResult.Reject("no such mailbox") : EffectDeliveryResult.Delivered;

        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(7));

        var letter = Assert.Single(test.Runtime.DeadLetters(new DeadLetterQuery { Kind = DeadLetterKind.EffectUndeliverable }));
        Assert.Contains("no such mailbox", letter.Reason, StringComparison.Ordinal);
        Assert.Single(test.Email.Attempts, a => a.Effect.Target == "down@example.com");
    }

    [Fact]
    public async Task DrainAsync_WhenOneEventSendsTwoEffects_StoresAndDeliversBothWithDistinctIds()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0, """{"do":"send","count":2}"""));

        await test.DrainAsync();

        var outbox = test.Runtime.EffectsOf(new WorkerId("probe", "u1"));
        Assert.Equal(2, outbox.Select(e => e.Id).Distinct().Count());
        Assert.All(outbox, e => Assert.Equal(EffectStatus.Delivered, e.Status));
        var delivered = test.Test.Delivered;
        Assert.Equal(outbox.Select(e => e.Id).Order(StringComparer.Ordinal), delivered.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["{\"event\":\"e1\",\"i\":0}", "{\"event\":\"e1\",\"i\":1}"], delivered.Select(e => e.Payload).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DrainAsync_WhenADestinationIsBackedOff_DeliversEffectsDecidedMeanwhileOnlyAfterTheFailedOne()
    {
        var outage = new Outage();
        await using var test = await SendDuringOutageAsync(outage, "e1");

        await SendAsync(test, "e2");
        var attemptedDuringBackoff = test.Test.Attempts.Select(a => Event(a.Effect)).ToArray();
        outage.Over = true;
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["e1"], attemptedDuringBackoff);
        Assert.Equal(["e1", "e2"], test.Test.Delivered.Select(Event));
    }

    [Fact]
    public async Task DrainAsync_WhenRestartedDuringABackoff_KeepsTheDestinationsOrder()
    {
        var outage = new Outage();
        await using var test = await SendDuringOutageAsync(outage, "e1", "e2");

        outage.Over = true;
        await test.RestartAsync();
        await test.DrainAsync();
        var deliveredBeforeTheBackoffEnded = test.Test.Delivered.Count;
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, deliveredBeforeTheBackoffEnded);
        Assert.Equal(["e1", "e2"], test.Test.Delivered.Select(Event));
    }

    [Fact]
    public async Task DrainAsync_WhenASenderThrows_RetriesTheEffectAfterABackoff()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        var throwing = true;
        test.Test.Respond = _ => throwing ? throw new HttpRequestException("connection refused") : EffectDeliveryResult.Delivered;
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0, """{"do":"send"}"""));

        await test.DrainAsync();
        var outboxWhileThrowing = Assert.Single(test.Runtime.EffectsOf(new WorkerId("probe", "u1")));
        throwing = false;
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(EffectStatus.Pending, outboxWhileThrowing.Status);
        Assert.Contains("connection refused", outboxWhileThrowing.LastError, StringComparison.Ordinal);
        Assert.Equal(["e1"], test.Test.Delivered.Select(Event));
        Assert.Equal(1, test.Runtime.Counters().DeliveryRetries);
    }

    [Fact]
    public async Task DrainAsync_WhenRestartedDuringABackoff_DeliversTheEffectOnceAfterIt()
    {
        var outage = new Outage();
        await using var test = await SendDuringOutageAsync(outage, "e1");

        outage.Over = true;
        await test.RestartAsync();
        await test.DrainAsync();
        var deliveredBeforeTheBackoffEnded = test.Test.Delivered.Count;
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));
        await test.RestartAsync();
        await test.DrainAsync();

        Assert.Equal(0, deliveredBeforeTheBackoffEnded);
        Assert.Equal(["e1"], test.Test.Delivered.Select(Event));
        Assert.Equal(2, test.Test.Attempts.Count);
    }

    [Fact]
    public async Task DrainAsync_WhenMoreEffectsArePendingThanTheLanesHold_DeliversEachOnceInCommitOrder()
    {
        const int Count = 20_000;
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0, $$"""{"do":"send","count":{{Count}}}"""));
        await test.IngestAsync(Ce.Probe("u1", "e2", Ce.T0, """{"do":"send","count":3}"""));

        await test.DrainAsync();

        var delivered = test.Test.Delivered.Select(e => (Event(e), JsonDocument.Parse(e.Payload).RootElement.GetProperty("i").GetInt32())).ToArray();
        Assert.Equal(Count + 3, test.Test.Attempts.Count);
        Assert.Equal([.. Enumerable.Range(0, Count).Select(i => ("e1", i)), ("e2", 0), ("e2", 1), ("e2", 2)], delivered);
        Assert.Equal(Count + 3, test.Runtime.Counters().EffectsDelivered);
        Assert.All(test.Runtime.EffectsOf(new WorkerId("probe", "u1"), 1000), e => Assert.Equal(EffectStatus.Delivered, e.Status));
    }

    /// <summary>A runtime whose <c>test</c> channel answers "retry" until the outage is over, after sending <paramref name="events"/> (one per key).</summary>
    private static async Task<TestRuntime> SendDuringOutageAsync(Outage outage, params string[] events)
    {
        var test = TestRuntime.Start([new ProbeProcessor()]);
        test.Test.Respond = _ => outage.Over ? EffectDeliveryResult.Delivered : EffectDeliveryResult.Retry("busy");
        foreach (var id in events)
        {
            await SendAsync(test, id);
        }

        return test;
    }

    private static async Task SendAsync(TestRuntime test, string id)
    {
        await test.IngestAsync(Ce.Probe($"u-{id}", id, Ce.T0, """{"do":"send"}"""));
        await test.DrainAsync();
    }

    private sealed class Outage
    {
        public bool Over { get; set; }
    }

    private static string Event(Effect effect) => JsonDocument.Parse(effect.Payload).RootElement.GetProperty("event").GetString()!;
}
