using System.Security.Cryptography;
using System.Text;

namespace MicroStreams.Effects;

/// <summary>
/// Stable effect identifiers: the same processor, key, source position and ordinal always give the same id,
/// so a replayed or redelivered decision is recognised by every receiver as the one it already saw.
/// </summary>
public static class EffectId
{
    public static string For(string processor, string key, string source, int ordinal)
    {
        var text = $"{processor}\n{key}\n{source}\n{ordinal}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return "ef_" + Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>The source name for a decision made on a fired timer (timers have no log position).</summary>
    public static string TimerSource(string timerName, DateTimeOffset due) =>
        $"timer:{timerName}:{due.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
