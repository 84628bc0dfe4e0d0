using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Moq;
using Moq.Protected;

namespace MicroStreams.Functions.Tests.Fakes;

/// <summary>
/// A blob container in memory behind a mocked <see cref="BlobContainerClient"/>: append blobs the archive writer creates
/// and appends to, listing by prefix in name order, and downloads of whole blobs.
/// </summary>
internal sealed class InMemoryBlobs
{
    private readonly SortedDictionary<string, MemoryStream> _blobs = new(StringComparer.Ordinal);
    private readonly Mock<BlobContainerClient> _container = new();

    public InMemoryBlobs()
    {
        _container.Setup(c => c.CreateIfNotExistsAsync(It.IsAny<PublicAccessType>(), It.IsAny<IDictionary<string, string>>(), It.IsAny<BlobContainerEncryptionScopeOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue<BlobContainerInfo>(null!, Mock.Of<Response>()));
        _container.Setup(c => c.GetBlobsAsync(It.IsAny<BlobTraits>(), It.IsAny<BlobStates>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((BlobTraits _, BlobStates _, string prefix, CancellationToken _) => AsyncPageable<BlobItem>.FromPages(
                [Page<BlobItem>.FromValues([.. _blobs.Keys.Where(n => n.StartsWith(prefix ?? string.Empty, StringComparison.Ordinal)).Select(n => BlobsModelFactory.BlobItem(n, false, null!))], null, Mock.Of<Response>())]));
        _container.Setup(c => c.GetBlobClient(It.IsAny<string>())).Returns((string name) => Download(name));
        _container.Protected().Setup<AppendBlobClient>("GetAppendBlobClientCore", ItExpr.IsAny<string>()).Returns((string name) => Append(name));
    }

    public BlobContainerClient Container => _container.Object;

    public IReadOnlyCollection<string> Names => _blobs.Keys;

    private BlobClient Download(string name)
    {
        var blob = new Mock<BlobClient>();
        blob.Setup(b => b.DownloadContentAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => _blobs.TryGetValue(name, out var content)
            ? Response.FromValue(BlobsModelFactory.BlobDownloadResult(new BinaryData(content.ToArray())), Mock.Of<Response>())
            : throw new RequestFailedException(404, "blob not found", "BlobNotFound", null));
        return blob.Object;
    }

    private AppendBlobClient Append(string name)
    {
        var blob = new Mock<AppendBlobClient>();
        blob.Setup(b => b.CreateIfNotExistsAsync(It.IsAny<BlobHttpHeaders>(), It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                _blobs.TryAdd(name, new MemoryStream());
                return Response.FromValue<BlobContentInfo>(null!, Mock.Of<Response>());
            });
        blob.Setup(b => b.AppendBlockAsync(It.IsAny<Stream>(), It.IsAny<AppendBlobAppendBlockOptions>(), It.IsAny<CancellationToken>()))
            .Returns(async (Stream content, AppendBlobAppendBlockOptions _, CancellationToken cancellationToken) =>
            {
                await content.CopyToAsync(_blobs[name], cancellationToken);
                return Response.FromValue<BlobAppendInfo>(null!, Mock.Of<Response>());
            });
        return blob.Object;
    }
}
