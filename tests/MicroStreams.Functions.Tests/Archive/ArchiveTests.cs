using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MicroStreams.Archive;
using MicroStreams.Events;
using MicroStreams.Functions.Archive;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Archive;

public sealed class ArchiveTests
{
    [Fact]
    public void PathFor_WhenGivenAPositionAndTime_UsesHiveFoldersPerPartitionAndUtcHour()
    {
        var time = new DateTimeOffset(2026, 3, 4, 23, 59, 59, TimeSpan.FromHours(-2));

        var path = ArchivePaths.PathFor(7, time, 1234);

        Assert.Equal("partition=7/date=2026-03-05/hour=01/00000000000000001234.ndjson.gz", path);
    }

    [Fact]
    public void FileName_WhenSequencesGrow_SortsInPositionOrder()
    {
        long[] sequences = [5, 40, 300, 1_000_000, 9_000_000_000];

        var names = sequences.Select(ArchivePaths.FileName).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void EncodeMember_WhenMembersAreConcatenated_ReadsBackAsOneGzipFileWithPositions()
    {
        var file = ArchiveEncoder.EncodeMember([Record(2, 10, Json("item", "alice")).ToArchiveRecord(), Record(2, 11, "not json").ToArchiveRecord()])
            .Concat(ArchiveEncoder.EncodeMember([Record(2, 12, Json("item", "bob")).ToArchiveRecord()]))
            .ToArray();

        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal((2, 12L, "bob"), (second.GetProperty("logpartition").GetInt32(), second.GetProperty("logsequence").GetInt64(), second.GetProperty("subject").GetString()));
        Assert.True(CloudEventReader.Read(Encoding.UTF8.GetBytes(lines[0]), new EventPosition(2, 10), T0).IsValid);
    }

    [Fact]
    public void Line_WhenTheEventIsNotAJsonObject_IsLeftOut()
    {
        Assert.Null(ArchiveEncoder.Line(Record(0, 1, "[1,2]").ToArchiveRecord()));
        Assert.Null(ArchiveEncoder.Line(Record(0, 1, "{\"a\":1} trailing").ToArchiveRecord()));
        Assert.NotNull(ArchiveEncoder.Line(Record(0, 1, "{}").ToArchiveRecord()));
    }
}
