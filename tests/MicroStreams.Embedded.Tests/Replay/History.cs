using System.Globalization;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// A seeded stream of the example product (sign-ups, sign-ins, sales) fed to a runtime day by day, with the clock
/// following event time, so live timers fire when the events say they are due (the condition under which replaying
/// history reproduces live state exactly).
/// </summary>
internal static class History
{
    public static List<(DateTimeOffset Time, ReadOnlyMemory<byte> Event)> Days(int days, int users, int seed = 11, int firstDay = 0)
    {
        var random = new Random(seed);
        var events = new List<(DateTimeOffset, ReadOnlyMemory<byte>)>();
        for (var day = firstDay; day < firstDay + days; day++)
        {
            for (var u = 0; u < users; u++)
            {
                var user = $"u{u:D3}";
                var time = Ce.T0.AddDays(day).AddMinutes(u);
                if (day == 0)
                {
                    events.Add((time, Ce.Make(EventTypes.UserCreated, user, time, $$"""{"email":"{{user}}@example.com"}""", id: $"c-{user}")));
                }

                var roll = random.Next(10);
                if (roll < 3)
                {
                    events.Add((time, Ce.Make(EventTypes.UserSignin, user, time, $$"""{"email":"{{user}}@example.com"}""", id: $"s-{user}-{day}")));
                }
                else if (roll < 5)
                {
                    var price = random.Next(5, 60).ToString(CultureInfo.InvariantCulture);
                    events.Add((time, Ce.Make(EventTypes.SaleComplete, user, time, $$"""{"price":{{price}}.5}""", id: $"p-{user}-{day}")));
                }
            }
        }

        return events;
    }

    /// <summary>Feeds the events a day at a time: the clock moves to the end of each day, then the runtime drains.</summary>
    public static async Task FeedAsync(TestRuntime test, IEnumerable<(DateTimeOffset Time, ReadOnlyMemory<byte> Event)> events)
    {
        foreach (var day in events.GroupBy(e => e.Time.Date))
        {
            var endOfDay = new DateTimeOffset(day.Key, TimeSpan.Zero).AddDays(1);
            if (test.Clock.GetUtcNow() < endOfDay)
            {
                await test.IngestAsync([.. day.Select(e => e.Event)]);
                test.Clock.Advance(endOfDay - test.Clock.GetUtcNow());
                await test.Runtime.DrainAsync();
            }
        }
    }

    /// <summary>How many sign-ins each user has among <paramref name="events"/>: what a tally of them applies.</summary>
    public static SortedDictionary<string, long> SignInsPerUser(IEnumerable<(DateTimeOffset Time, ReadOnlyMemory<byte> Event)> events)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, bytes) in events)
        {
            using var json = System.Text.Json.JsonDocument.Parse(bytes);
            if (json.RootElement.GetProperty("type").GetString() == EventTypes.UserSignin)
            {
                var user = json.RootElement.GetProperty("subject").GetString()!;
                counts[user] = counts.GetValueOrDefault(user) + 1;
            }
        }

        return counts;
    }
}
