using System.Globalization;
using System.Text.Json.Serialization;
using MicroStreams.Processors;

namespace MicroStreams.Replay;

/// <summary>
/// What to replay: a processor rebuilt into a new generation from the retained log (or an archive), or — with
/// <see cref="Shadow"/> — another version of it run beside the live one and compared, delivering nothing.
/// </summary>
public sealed record ReplayRequest(string Processor)
{
    /// <summary>Only records at or after this sequence (in every partition) are applied; earlier ones are skipped.</summary>
    public long? FromSequence { get; init; }

    /// <summary>Only records the log accepted at or after this time are applied.</summary>
    public DateTimeOffset? FromTime { get; init; }

    /// <summary>Only workers whose key starts with this are rebuilt; the others keep their generation.</summary>
    public string? KeyPrefix { get; init; }

    /// <summary>Run beside the live generation and report differences instead of switching to the result.</summary>
    public bool Shadow { get; init; }

    /// <summary>The processor instance a shadow runs (a new version of the code). Null: the host's registered shadow
    /// variant for the name, else the live code itself (which makes the shadow a determinism check).</summary>
    [JsonIgnore]
    public IProcessor? ShadowProcessor { get; init; }

    /// <summary>Whether this rebuilds every key from the whole log (no key prefix, no start position).</summary>
    [JsonIgnore]
    public bool CoversEverything => string.IsNullOrEmpty(KeyPrefix) && FromSequence is null && FromTime is null;

    /// <summary>
    /// This request starting at <paramref name="position"/> as given on a command line: a log sequence (digits only) sets
    /// <see cref="FromSequence"/>, an ISO 8601 time (UTC unless it names an offset) sets <see cref="FromTime"/>.
    /// </summary>
    /// <exception cref="FormatException">It is neither.</exception>
    public ReplayRequest StartingAt(string position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return this with { FromSequence = sequence, FromTime = null };
        }

        if (position.Length >= 10 && char.IsAsciiDigit(position[0])
            && DateTimeOffset.TryParse(position, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return this with { FromSequence = null, FromTime = time };
        }

        throw new FormatException($"a start position is a log sequence (digits) or an ISO 8601 time such as 2025-03-01T09:00:00Z; got '{position}'");
    }

    /// <summary>An archive folder (the format <c>microstreams export</c> writes) read before the log, for history the log no
    /// longer holds. Embedded host only: the Azure host always reads its archive container and refuses this.</summary>
    public string? ArchivePath { get; init; }
}
