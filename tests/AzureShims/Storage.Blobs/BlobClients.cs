// Mirrors Azure.Storage.Blobs 12.30.0: Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net10.0.cs
// (BlobServiceClient, BlobContainerClient, BlobClient, Specialized.BlobBaseClient, Specialized.AppendBlobClient,
// Specialized.SpecializedBlobExtensions). GetBlobsAsync is the four-argument overload, which
// compiles against old and new versions (docs/azure-notes.md, "Blob listing overload").
#nullable disable
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Azure.Storage.Blobs
{
    public class BlobServiceClient
    {
        protected BlobServiceClient()
        {
        }

        public BlobServiceClient(string connectionString) => throw new NotSupportedException("AzureShims: needs the real Azure.Storage.Blobs");

        public BlobServiceClient(Uri serviceUri, Azure.Core.TokenCredential credential, BlobClientOptions options = null) => throw new NotSupportedException("AzureShims: needs the real Azure.Storage.Blobs");

        public virtual BlobContainerClient GetBlobContainerClient(string blobContainerName) => throw new NotSupportedException();
    }

    public class BlobClientOptions : Azure.Core.ClientOptions
    {
    }

    public class BlobContainerClient
    {
        protected BlobContainerClient()
        {
        }

        public virtual string Name => throw new NotSupportedException();

        public virtual Task<Response<BlobContainerInfo>> CreateIfNotExistsAsync(PublicAccessType publicAccessType = PublicAccessType.None, IDictionary<string, string> metadata = null,
            BlobContainerEncryptionScopeOptions encryptionScopeOptions = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual BlobClient GetBlobClient(string blobName) => throw new NotSupportedException();

        public virtual AsyncPageable<BlobItem> GetBlobsAsync(BlobTraits traits, BlobStates states, string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected internal virtual AppendBlobClient GetAppendBlobClientCore(string blobName) => throw new NotSupportedException();
    }

    public class BlobClient : BlobBaseClient
    {
        protected BlobClient()
        {
        }

        public virtual Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, bool overwrite = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}

namespace Azure.Storage.Blobs.Specialized
{
    public class BlobBaseClient
    {
        protected BlobBaseClient()
        {
        }

        public virtual string Name => throw new NotSupportedException();

        public virtual Task<Response<BlobDownloadResult>> DownloadContentAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    public class AppendBlobClient : BlobBaseClient
    {
        protected AppendBlobClient()
        {
        }

        public virtual Task<Response<BlobContentInfo>> CreateIfNotExistsAsync(BlobHttpHeaders httpHeaders = null, IDictionary<string, string> metadata = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public virtual Task<Response<BlobAppendInfo>> AppendBlockAsync(Stream content, AppendBlobAppendBlockOptions options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    public static class SpecializedBlobExtensions
    {
        public static AppendBlobClient GetAppendBlobClient(this BlobContainerClient client, string blobName) => client.GetAppendBlobClientCore(blobName);
    }
}
