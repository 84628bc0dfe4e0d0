using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Effects;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Testing;
using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Tests.Examples;

/// <summary>
/// The examples' specs are stated in event time, and a user's events reach the log in any order (SDKs batch, retry and
/// flush late): the same events, shuffled in arrival order, must give the same effects as in event-time order, as far
/// as a spec can know when it decides. Here every event arrives (late, after the latest of them happened) before any of
/// the worker's timers is due.
/// </summary>
public sealed class ArrivalOrderProperties
{
    /// <summary>A user's events: distinct event times (minutes, or seconds, after <see cref="Ev.T0"/>) and a shuffle of their arrival.</summary>
    private static Arbitrary<(int[] Minutes, int[] Arrival)> EventsAndArrival(int maxEvents, int maxMinutes) =>
        (from count in Gen.Choose(2, maxEvents)
         from minutes in Gen.Choose(0, maxMinutes).ArrayOf(count).Where(m => m.Distinct().Count() == m.Length)
         from arrival in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
         select (minutes, arrival)).ToArbitrary();

    private static List<(string Channel, string Target, DateTimeOffset CreatedAt, string Payload)> Effects(ProcessorTestDriver driver) =>
        [.. driver.Effects.Select(e => (e.Channel, e.Target, e.CreatedAt, e.Payload))];

    [Fact]
    public void Churn_WhenSignInsArriveInAnyOrder_EmailsSevenDaysAfterTheLatestWithItsAddress()
    {
        // Sign-ins up to 6 days apart, all arriving before the first 7-day timer is due.
        var property = Prop.ForAll(EventsAndArrival(maxEvents: 6, maxMinutes: 6 * 24 * 60), run =>
        {
            List<(string, string, DateTimeOffset, string)> Send(IEnumerable<int> order)
            {
                var driver = new ProcessorTestDriver(new ChurnDetection(), new ProcessorTestOptions { Start = Ev.T0.AddMinutes(run.Minutes.Max()) });
                foreach (var i in order)
                {
                    driver.Send(EventTypes.UserSignin, "u1", $$"""{"email":"u1+{{i}}@example.com"}""", Ev.T0.AddMinutes(run.Minutes[i]), id: $"s{i}");
                }

                driver.AdvanceTo(Ev.T0.AddDays(60));
                return Effects(driver);
            }

            var sorted = Send(Enumerable.Range(0, run.Minutes.Length).OrderBy(i => run.Minutes[i]));
            var shuffled = Send(run.Arrival);
            return sorted.SequenceEqual(shuffled) && sorted.Count == 1;
        });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SalesMilestone_WhenSalesArriveInAnyOrder_SendsTheOneAchievementToTheSameUserAndRowsAgree()
    {
        // Sales of $1-$60 after the user_created, which arrives first (it is what starts the worker).
        var sales = (from run in EventsAndArrival(maxEvents: 8, maxMinutes: 10_000).Generator
                     from prices in Gen.Choose(1, 60).ArrayOf(run.Minutes.Length)
                     select (run.Minutes, run.Arrival, Prices: prices)).ToArbitrary();
        var property = Prop.ForAll(sales, run =>
        {
            (List<(string, string, string)> Effects, string? Row) Send(IEnumerable<int> order)
            {
                var driver = new ProcessorTestDriver(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0.AddMinutes(-1) });
                driver.Send(EventTypes.UserCreated, "u1", """{"email":"u1@example.com"}""", id: "created");
                driver.AdvanceTo(Ev.T0.AddMinutes(run.Minutes.Max()));
                foreach (var i in order)
                {
                    driver.Send(EventTypes.SaleComplete, "u1", $$"""{"price":{{run.Prices[i]}}}""", Ev.T0.AddMinutes(run.Minutes[i]), id: $"sale{i}");
                }

                var achievements = driver.Effects.Select(e => (e.Channel, e.Target, Template: JsonDocument.Parse(e.Payload).RootElement.GetProperty("template").GetString()!)).ToList();
                return (achievements, driver.Row(SalesMilestone.SalesTotalsProjection, "u1"));
            }

            var sorted = Send(Enumerable.Range(0, run.Minutes.Length).OrderBy(i => run.Minutes[i]));
            var shuffled = Send(run.Arrival);
            var reaches = run.Prices.Sum() >= SalesMilestone.Threshold;

            // Once the threshold is crossed the worker retires, so its row stops at that sale: rows agree only below it.
            return sorted.Effects.SequenceEqual(shuffled.Effects) && sorted.Effects.Count == (reaches ? 1 : 0)
                && (reaches || sorted.Row == shuffled.Row);
        });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Push_WhenATenantsEventsArriveInAnyOrder_FlushesTheSameBatchAtTheSameTime()
    {
        var destination = new Destination("crm", "https://crm.example/in", [EventTypes.PageView]) { MaxBatchSize = 100, FlushInterval = TimeSpan.FromMinutes(5) };
        var tenants = new StaticTenantDirectory(new Dictionary<string, IReadOnlyList<Destination>> { ["acme"] = [destination] });

        // Fewer events than a batch holds, seconds apart within the flush interval: one batch, flushed by the timer.
        var property = Prop.ForAll(EventsAndArrival(maxEvents: 20, maxMinutes: 4 * 60), run =>
        {
            List<(string, string, DateTimeOffset, string)> Send(IEnumerable<int> order)
            {
                var driver = new ProcessorTestDriver(new PushDelivery(tenants), new ProcessorTestOptions { Start = Ev.T0.AddSeconds(run.Minutes.Max()) });
                foreach (var i in order)
                {
                    driver.Send(EventTypes.PageView, $"user{i}", """{"tenant":"acme"}""", Ev.T0.AddSeconds(run.Minutes[i]), id: $"view{i}");
                }

                driver.AdvanceTo(Ev.T0.AddDays(1));
                return Effects(driver);
            }

            var sorted = Send(Enumerable.Range(0, run.Minutes.Length).OrderBy(i => run.Minutes[i]));
            var shuffled = Send(run.Arrival);
            return sorted.SequenceEqual(shuffled) && sorted.Count == 1;
        });

        property.QuickCheckThrowOnFailure();
    }
}
