// Mirrors Azure.Storage.Blobs 12.30.0: Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.*.cs
// (Models.BlobsModelFactory.BlobItem(string name, bool deleted, BlobItemProperties properties, string snapshot = null,
// IDictionary<string,string> metadata = null)) and src/Models/BlobsModelFactory.cs (BlobDownloadResult(BinaryData content =
// default, BlobDownloadDetails details = default)): the factories tests use to build listing and download results.
#nullable disable
namespace Azure.Storage.Blobs.Models
{
    public class BlobItemProperties
    {
        internal BlobItemProperties()
        {
        }
    }

    public class BlobDownloadDetails
    {
        internal BlobDownloadDetails()
        {
        }
    }

    public static class BlobsModelFactory
    {
        public static BlobItem BlobItem(string name, bool deleted, BlobItemProperties properties, string snapshot = null, IDictionary<string, string> metadata = null) =>
            new() { Name = name };

        public static BlobDownloadResult BlobDownloadResult(BinaryData content = default, BlobDownloadDetails details = default) =>
            new() { Content = content };
    }
}
