using System.Text;
using MicroStreams.Archive;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Events;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MicroStreams.Functions.Tests.Azurite;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Replay;

/// <summary>The replay's archive reader against real gzip append blobs on Azurite, written by the Archive function's <see cref="ArchiveWriter"/>.</summary>
public sealed class ArchiveBlobReaderTests
{
    private readonly BlobContainerClient _container = AzuriteStorage.NewContainer("archive");
    private readonly ArchiveWriter _writer;
    private readonly ArchiveBlobReader _reader;

    public ArchiveBlobReaderTests()
    {
        _writer = new ArchiveWriter(_container);
        _reader = new ArchiveBlobReader(_container);
    }

    private static LogRecord At(long sequence, DateTimeOffset enqueued, string subject = "alice") =>
        Record(3, sequence, Json("item", subject, id: $"e{sequence}"), enqueued);

    [Fact]
    public async Task ReadAsync_WhenTheArchiveSpansHoursAndHasARedeliveredAppend_ReadsEveryRecordOnceInOrderPageByPage()
    {
        var hour = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        await _writer.AppendAsync([At(0, hour), At(1, hour.AddMinutes(1)), At(2, hour.AddMinutes(2))], CancellationToken.None);
        await new ArchiveWriter(_container).AppendAsync([At(1, hour.AddMinutes(1)), At(2, hour.AddMinutes(2)), At(3, hour.AddMinutes(3))], CancellationToken.None);
        await _writer.AppendAsync([At(4, hour.AddHours(1)), At(5, hour.AddHours(1).AddMinutes(5))], CancellationToken.None);

        var first = await _reader.ReadAsync(3, after: -1, maxRecords: 4, CancellationToken.None);
        var rest = await _reader.ReadAsync(3, after: first.Records[^1].Sequence, maxRecords: 4, CancellationToken.None);

        var blobs = await _container.GetBlobsAsync(new GetBlobsOptions()).ToListAsync();
        Assert.Equal(2, blobs.Count);
        Assert.All(blobs, b => Assert.Equal(BlobType.Append, b.Properties.BlobType));
        Assert.Equal([0L, 1, 2, 3], first.Records.Select(r => r.Sequence));
        Assert.False(first.End);
        Assert.Equal([4L, 5], rest.Records.Select(r => r.Sequence));
        Assert.True(rest.End);
        Assert.Equal(hour.AddHours(1), rest.Records[0].EnqueuedTime);
    }

    [Fact]
    public async Task ReadAsync_WhenThePositionIsInALaterFile_SkipsTheEarlierFiles()
    {
        var hour = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        await _writer.AppendAsync([At(10, hour), At(11, hour)], CancellationToken.None);
        await _writer.AppendAsync([At(12, hour.AddHours(1)), At(13, hour.AddHours(1))], CancellationToken.None);

        var page = await _reader.ReadAsync(3, after: 12, maxRecords: 10, CancellationToken.None);

        Assert.Equal([13L], page.Records.Select(r => r.Sequence));
        Assert.True(page.End);
    }

    [Fact]
    public async Task ReadAsync_WhenAPartitionHasNoArchive_ReturnsNothingAndTheEnd()
    {
        var page = await _reader.ReadAsync(7, after: -1, maxRecords: 10, CancellationToken.None);

        Assert.Equal((0, true), (page.Records.Count, page.End));
    }

    [Fact]
    public async Task Original_OfAnArchivedLine_IsTheEventAsItWasAppended()
    {
        var body = Json("item", "alice", "{\"n\":1}", id: "e9");
        await _writer.AppendAsync([Record(0, 9, body, T0)], CancellationToken.None);

        var line = (await _reader.ReadAsync(0, -1, 1, CancellationToken.None)).Records.Single();

        Assert.Contains("logsequence", Encoding.UTF8.GetString(line.Body.Span), StringComparison.Ordinal);
        Assert.Equal(body, Encoding.UTF8.GetString(ArchiveLines.Original(line.Body.Span)));
    }

    [Fact]
    public void Original_OfAnEmptyEventObject_StaysAnEmptyObject() =>
        Assert.Equal("{}", Encoding.UTF8.GetString(ArchiveLines.Original("{\"logpartition\":0,\"logsequence\":1,\"logtime\":\"2026-01-01T00:00:00.0000000Z\"}"u8)));
}
