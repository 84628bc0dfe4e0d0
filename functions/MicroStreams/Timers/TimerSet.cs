using System.Collections;

namespace MicroStreams.Timers;

/// <summary>
/// A worker's named timers. Most workers hold one timer or none, and a host keeps hundreds of thousands of workers in
/// memory: a dictionary costs ~190 bytes per worker even for one entry, this set 64 (the first timer inline, further ones
/// in an array). Lookups are linear, which for a handful of names beats hashing. Enumeration order is unspecified.
/// </summary>
public sealed class TimerSet : IReadOnlyCollection<KeyValuePair<string, ScheduledTimer>>
{
    private ScheduledTimer _first;
    private ScheduledTimer[]? _more;
    private int _count;

    public TimerSet()
    {
    }

    public TimerSet(IEnumerable<ScheduledTimer> timers)
    {
        ArgumentNullException.ThrowIfNull(timers);
        foreach (var timer in timers)
        {
            this[timer.Name] = timer;
        }
    }

    public int Count => _count;

    public IEnumerable<ScheduledTimer> Values
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return At(i);
            }
        }
    }

    /// <summary>The timer named <paramref name="name"/>; setting one replaces the timer of that name or adds it.</summary>
    public ScheduledTimer this[string name]
    {
        get => TryGetValue(name, out var timer) ? timer : throw new KeyNotFoundException($"no timer named '{name}'");
        set
        {
            var index = IndexOf(name);
            if (index < 0)
            {
                index = _count++;
                if (index > 0 && (_more is null || _more.Length < index))
                {
                    Array.Resize(ref _more, Math.Max(2, index * 2));
                }
            }

            Set(index, value);
        }
    }

    /// <summary>The timer that fires first: earliest due, then ordinal name (every host's order for simultaneous timers). The set must not be empty.</summary>
    public ScheduledTimer Earliest()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("the set holds no timer");
        }

        var earliest = _first;
        for (var i = 1; i < _count; i++)
        {
            var timer = _more![i - 1];
            if (timer.Due < earliest.Due || (timer.Due == earliest.Due && string.CompareOrdinal(timer.Name, earliest.Name) < 0))
            {
                earliest = timer;
            }
        }

        return earliest;
    }

    public bool TryGetValue(string name, out ScheduledTimer timer)
    {
        var index = IndexOf(name);
        timer = index < 0 ? default : At(index);
        return index >= 0;
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        // Order does not matter: move the last timer into the hole.
        _count--;
        Set(index, At(_count));
        Set(_count, default);
        return true;
    }

    public IEnumerator<KeyValuePair<string, ScheduledTimer>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            var timer = At(i);
            yield return new KeyValuePair<string, ScheduledTimer>(timer.Name, timer);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(At(i).Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private ScheduledTimer At(int index) => index == 0 ? _first : _more![index - 1];

    private void Set(int index, ScheduledTimer timer)
    {
        if (index == 0)
        {
            _first = timer;
        }
        else
        {
            _more![index - 1] = timer;
        }
    }
}
