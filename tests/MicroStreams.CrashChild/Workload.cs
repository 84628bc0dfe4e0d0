using System.Globalization;
using MicroStreams.Events;
using MicroStreams.Examples;
using MicroStreams.Examples.Push;

namespace MicroStreams.CrashChild;

/// <summary>
/// The seeded workload: the same batches, byte for byte, in every process, so a restarted child can re-send the
/// batch it may have written before it was killed and the log's dedupe must absorb it.
/// </summary>
internal static class Workload
{
    public const int Batches = 60;
    public const int BatchSize = 100;
    public const int Users = 150;

    /// <summary>Every event time is at or after this, and the clock stays here while ingesting.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = T0.AddMinutes(Batches * BatchSize);

    public static readonly string[] Tenants = ["acme", "globex"];

    public static StaticTenantDirectory Directory { get; } = new(new Dictionary<string, IReadOnlyList<Destination>>
    {
        ["acme"] =
        [
            new Destination("views", "https://acme.example/views", [EventTypes.PageView]) { MaxBatchSize = 7, MaxAge = TimeSpan.FromDays(365) },
            new Destination("all", "https://acme.example/all", [EventTypes.PageView, EventTypes.SaleComplete]) { MaxBatchSize = 20, MaxAge = TimeSpan.FromDays(365) },
        ],
        ["globex"] = [new Destination("sales", "https://globex.example/sales", [EventTypes.SaleComplete]) { MaxBatchSize = 5, MaxAge = TimeSpan.FromDays(365) }],
    });

    private static readonly Lazy<ReadOnlyMemory<byte>[][]> All = new(Generate);

    public static ReadOnlyMemory<byte>[] Batch(int index) => All.Value[index];

    private static ReadOnlyMemory<byte>[][] Generate()
    {
        var random = new Random(20250301);
        var created = new HashSet<int>();
        var batches = new ReadOnlyMemory<byte>[Batches][];
        var i = 0;
        for (var b = 0; b < Batches; b++)
        {
            batches[b] = new ReadOnlyMemory<byte>[BatchSize];
            for (var n = 0; n < BatchSize; n++, i++)
            {
                var user = random.Next(Users);
                var subject = "u" + user.ToString("D3", CultureInfo.InvariantCulture);
                var tenant = Tenants[user % Tenants.Length];
                var time = T0.AddMinutes(i);
                var id = "evt-" + i.ToString(CultureInfo.InvariantCulture);
                var roll = random.Next(100);
                var (type, data) = user % 10 != 0 && created.Add(user)
                    ? (EventTypes.UserCreated, $$"""{"email":"{{subject}}@example.com"}""")
                    : roll switch
                    {
                        < 40 => (EventTypes.UserSignin, $$"""{"email":"{{subject}}@example.com"}"""),
                        < 65 => (EventTypes.SaleComplete, $$"""{"tenant":"{{tenant}}","price":{{(roll == 64 ? -3 : random.Next(1, 40))}}}"""),
                        _ => (EventTypes.PageView, $$"""{"tenant":"{{tenant}}","page":"/p{{random.Next(5)}}"}"""),
                    };
                batches[b][n] = CloudEventReader.Write(id, "crash-child", type, subject, time, data);
            }
        }

        return batches;
    }
}
