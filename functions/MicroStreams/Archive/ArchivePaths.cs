using System.Globalization;

namespace MicroStreams.Archive;

/// <summary>
/// The archive layout shared by both hosts (the Functions app writes it to blobs, the embedded runtime exports it to a folder): Hive-style folders per partition and UTC hour of the broker's
/// enqueued time, <c>partition=N/date=YYYY-MM-DD/hour=HH/</c>, holding one file per partition and hour named by the
/// first sequence it holds (20 digits, so names sort by position): <c>{first:D20}.ndjson.gz</c>.
/// </summary>
public static class ArchivePaths
{
    public const string Extension = ".ndjson.gz";

    public static string Folder(int partition, DateTimeOffset enqueuedTime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        var utc = enqueuedTime.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture, $"partition={partition}/date={utc:yyyy-MM-dd}/hour={utc:HH}/");
    }

    public static string FileName(long firstSequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{firstSequence:D20}{Extension}");

    public static string PathFor(int partition, DateTimeOffset enqueuedTime, long firstSequence) =>
        Folder(partition, enqueuedTime) + FileName(firstSequence);

    /// <summary>The UTC hour an enqueued time falls in: the unit of one archive file.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset enqueuedTime)
    {
        var utc = enqueuedTime.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
