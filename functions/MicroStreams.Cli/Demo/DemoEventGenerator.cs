using System.Buffers;
using System.Text.Json;
using MicroStreams.Examples;

namespace MicroStreams.Cli.Demo;

/// <summary>
/// A deterministic (seeded) stream of CloudEvents for the demo: users sign up over the first three quarters of
/// the run, sign in on some days, a third of them stop signing in (they should get a churn email), and they buy
/// things (some pass $100 and should get an achievement email). A few records are broken on purpose.
/// </summary>
public sealed class DemoEventGenerator
{
    private const string Source = "/demo/saas-app";
    private readonly DemoScenario _scenario;
    private readonly Random _random;
    private readonly DemoUser[] _users;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private long _nextId;

    public DemoEventGenerator(DemoScenario scenario)
    {
        _scenario = scenario;
        _random = new Random(scenario.Seed);
        var signupDays = Math.Max(1, (int)(scenario.Days * 0.75));
        _users = new DemoUser[scenario.Users];
        for (var i = 0; i < _users.Length; i++)
        {
            var signupDay = _random.Next(signupDays);
            int? churnDay = _random.NextDouble() < 0.35 ? signupDay + 3 + _random.Next(25) : null;
            _users[i] = new DemoUser(
                $"user-{i:D6}",
                DemoScenario.Tenants[TenantIndex(_random.NextDouble())],
                signupDay,
                TimeSpan.FromSeconds(_random.Next(86_400)),
                0.2 + (0.75 * _random.NextDouble()),
                churnDay,
                0.12 * _random.NextDouble() * _random.NextDouble() * 2);
        }
    }

    /// <summary>The valid events of one simulated day, in time order.</summary>
    public List<DemoEvent> Day(int day)
    {
        var dayStart = DemoScenario.Start.AddDays(day);
        var events = new List<(DateTimeOffset Time, long Order, string Type, DemoUser User, decimal Price)>();
        long order = 0;
        foreach (var user in _users)
        {
            if (user.SignupDay > day)
            {
                continue;
            }

            var earliest = TimeSpan.Zero;
            if (user.SignupDay == day)
            {
                events.Add((dayStart + user.SignupTime, order++, EventTypes.UserCreated, user, 0));
                earliest = user.SignupTime + TimeSpan.FromMinutes(1);
                events.Add((dayStart + earliest, order++, EventTypes.UserSignin, user, 0));
            }
            else if ((user.ChurnDay is not { } churn || day < churn) && _random.NextDouble() < user.SigninRate)
            {
                events.Add((dayStart + RandomTime(earliest), order++, EventTypes.UserSignin, user, 0));
            }

            if (_random.NextDouble() < user.BuyRate)
            {
                var price = Math.Round(4.99m + (_random.Next(0, 45) * 1.0m), 2);
                events.Add((dayStart + RandomTime(earliest + TimeSpan.FromMinutes(2)), order++, EventTypes.SaleComplete, user, price));
            }
        }

        // Two sales with a negative price: the milestone processor throws on them, so each user is quarantined.
        if (day == Math.Max(1, _scenario.Days / 5) || day == Math.Max(1, _scenario.Days / 2))
        {
            var buyer = _users.Where(u => u.SignupDay < day && u.BuyRate > 0.05).Skip(day).FirstOrDefault();
            if (buyer is not null)
            {
                events.Add((dayStart + TimeSpan.FromHours(11), order++, EventTypes.SaleComplete, buyer, -20m));
            }
        }

        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
        return [.. events.Select(e => new DemoEvent(e.Time, e.Type, e.User.Id, Serialize(e.Time, e.Type, e.User, e.Price), e.Price < 0))];
    }

    /// <summary>Broken records appended as raw bytes (as a broker would take them) on a few days: they must be dead-lettered, not block anything.</summary>
    public IReadOnlyList<(string RoutingKey, byte[] Bytes)> MalformedOn(int day)
    {
        var user = _users[day % _users.Length].Id;
        var eighth = Math.Max(1, _scenario.Days / 8);
        if (day % (2 * eighth) != eighth)
        {
            return [];
        }

        return (day / eighth % 3) switch
        {
            0 => [(user, "{\"specversion\":\"1.0\",\"id\":\"broken-1\",\"type\":\"user_signin\",\"subject\":"u8.ToArray())],
            1 => [(user, "this is not JSON at all"u8.ToArray()), (user, "{\"specversion\":\"1.0\",\"id\":\"no-source\",\"type\":\"user_signin\",\"subject\":\"x\"}"u8.ToArray())],
            _ => [(user, "{\"specversion\":\"0.3\",\"id\":\"old\",\"source\":\"/legacy\",\"type\":\"user_signin\",\"subject\":\"x\"}"u8.ToArray())],
        };
    }

    private static int TenantIndex(double roll) => roll switch
    {
        < 0.35 => 0,
        < 0.60 => 1,
        < 0.75 => 2,
        < 0.90 => 3,
        _ => 4,
    };

    private TimeSpan RandomTime(TimeSpan earliest)
    {
        var from = (int)Math.Min(earliest.TotalSeconds, 86_399);
        return TimeSpan.FromSeconds(from + _random.Next(86_400 - from));
    }

    private byte[] Serialize(DateTimeOffset time, string type, DemoUser user, decimal price)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", $"ev-{++_nextId:D9}");
            json.WriteString("source", Source);
            json.WriteString("type", type);
            json.WriteString("subject", user.Id);
            json.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartObject("data");
            json.WriteString("tenant", user.Tenant);
            json.WriteString("email", $"{user.Id}@example.com");
            if (type == EventTypes.SaleComplete)
            {
                json.WriteNumber("price", price);
                json.WriteString("currency", "USD");
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }

    private sealed record DemoUser(string Id, string Tenant, int SignupDay, TimeSpan SignupTime, double SigninRate, int? ChurnDay, double BuyRate);
}
