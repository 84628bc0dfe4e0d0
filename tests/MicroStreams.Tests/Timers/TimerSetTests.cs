using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Timers;

namespace MicroStreams.Tests.Timers;

public sealed class TimerSetTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Indexer_WhenANameIsSetTwice_KeepsOnlyTheLaterTimer()
    {
        var timers = new TimerSet { ["inactive"] = new ScheduledTimer("inactive", T0, 1) };

        timers["inactive"] = new ScheduledTimer("inactive", T0.AddDays(7), 2);

        var only = Assert.Single(timers.Values);
        Assert.Equal((T0.AddDays(7), 2L), (only.Due, only.Token));
    }

    [Fact]
    public void Remove_WhenTheFirstOfThreeIsRemoved_KeepsTheOtherTwoFindable()
    {
        var timers = new TimerSet(new[] { "a", "b", "c" }.Select((name, i) => new ScheduledTimer(name, T0.AddMinutes(i), i)));

        var removed = timers.Remove("a");

        Assert.True(removed);
        Assert.False(timers.TryGetValue("a", out _));
        Assert.Equal(["b", "c"], timers.Values.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2L, timers["c"].Token);
        Assert.Throws<KeyNotFoundException>(() => timers["a"]);
    }

    /// <summary>Any sequence of sets and removes leaves the set holding exactly what a dictionary would.</summary>
    [Fact]
    public void SetAndRemove_ForAnySequence_BehaveLikeADictionaryByName()
    {
        var operation = Gen.Zip(Gen.Elements("a", "b", "c", "d", "e"), Gen.Choose(0, 3));
        var property = Prop.ForAll(operation.ListOf().ToArbitrary(), operations =>
        {
            var set = new TimerSet();
            var model = new Dictionary<string, ScheduledTimer>(StringComparer.Ordinal);
            long token = 0;
            foreach (var (name, kind) in operations)
            {
                if (kind == 0)
                {
                    var removedFromSet = set.Remove(name);
                    if (removedFromSet != model.Remove(name))
                    {
                        return false;
                    }

                    continue;
                }

                var timer = new ScheduledTimer(name, T0.AddSeconds(kind), ++token);
                set[name] = timer;
                model[name] = timer;
            }

            return set.Count == model.Count
                && set.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(model.OrderBy(p => p.Key, StringComparer.Ordinal))
                && model.All(p => set.TryGetValue(p.Key, out var found) && found == p.Value);
        });

        property.QuickCheckThrowOnFailure();
    }
}
