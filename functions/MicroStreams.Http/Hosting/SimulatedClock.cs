using System.Globalization;
using System.Text.Json;
using MicroStreams.Time;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// The clock of <c>serve --simulated-clock</c>: a <see cref="ManualTimeProvider"/> whose time is kept in
/// <c>&lt;data&gt;/clock.json</c>, so a restart resumes where it stopped instead of jumping back to the wall clock.
/// The file is written before the clock moves, so a crash in the middle of an advance never moves time backwards.
/// </summary>
public sealed class SimulatedClock
{
    public const string FileName = "clock.json";

    private readonly Lock _gate = new();
    private readonly string _path;

    private SimulatedClock(string path, DateTimeOffset now)
    {
        _path = path;
        Time = new ManualTimeProvider(now);
    }

    /// <summary>The clock the runtime runs on.</summary>
    public ManualTimeProvider Time { get; }

    /// <summary>
    /// The clock of the data folder: at <paramref name="start"/> when given (never before the time the folder's clock
    /// already reached), else where it stopped last, else at <paramref name="realNow"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="start"/> is before the folder's simulated time.</exception>
    public static SimulatedClock Open(string dataPath, DateTimeOffset? start, DateTimeOffset realNow)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, FileName);
        var saved = Read(path);
        if (start is { } wanted && saved is { } reached && wanted < reached)
        {
            throw new InvalidOperationException(
                $"--start {wanted:O} is before the simulated time this data folder already reached ({reached:O}); a simulated clock never goes back (start later, or use a new --data folder)");
        }

        var clock = new SimulatedClock(path, start ?? saved ?? realNow);
        clock.Save(clock.Time.GetUtcNow());
        return clock;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing the timers that fall due; returns the new time.</summary>
    public DateTimeOffset Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            var target = Time.GetUtcNow() + delta;
            Save(target);
            Time.SetUtcNow(target);
            return target;
        }
    }

    private static DateTimeOffset? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.TryGetProperty("now", out var now) && now.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(now.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : throw new InvalidDataException($"{path} has no \"now\" time; delete it to start the simulated clock afresh");
    }

    /// <summary>Writes a temporary file and renames it over the old one, so the file is always whole.</summary>
    private void Save(DateTimeOffset now)
    {
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, new { now = now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) });
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
