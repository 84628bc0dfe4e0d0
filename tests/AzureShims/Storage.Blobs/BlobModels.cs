// Mirrors Azure.Storage.Blobs 12.30.0: Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net10.0.cs
// (Models namespace): only the types the app's signatures mention; BlobItem and BlobDownloadResult keep the members read.
#nullable disable
namespace Azure.Storage.Blobs.Models
{
    public enum PublicAccessType
    {
        None = 0,
        BlobContainer = 1,
        Blob = 2,
    }

    [Flags]
    public enum BlobTraits
    {
        None = 0,
        CopyStatus = 1,
        Metadata = 2,
        Tags = 4,
        ImmutabilityPolicy = 8,
        LegalHold = 16,
        All = -1,
    }

    [Flags]
    public enum BlobStates
    {
        None = 0,
        Snapshots = 1,
        Uncommitted = 2,
        Deleted = 4,
        Version = 8,
        DeletedWithVersions = 16,
        All = -1,
    }

    public class BlobContainerEncryptionScopeOptions
    {
    }

    public class BlobContainerInfo
    {
        internal BlobContainerInfo()
        {
        }
    }

    public class BlobContentInfo
    {
        internal BlobContentInfo()
        {
        }
    }

    public class BlobAppendInfo
    {
        internal BlobAppendInfo()
        {
        }
    }

    public class BlobHttpHeaders
    {
        public string ContentType { get; set; }

        public string ContentEncoding { get; set; }
    }

    public class AppendBlobAppendBlockOptions
    {
    }

    public class BlobItem
    {
        internal BlobItem()
        {
        }

        public string Name { get; internal set; }
    }

    public class BlobDownloadResult
    {
        internal BlobDownloadResult()
        {
        }

        public BinaryData Content { get; internal set; }
    }
}
