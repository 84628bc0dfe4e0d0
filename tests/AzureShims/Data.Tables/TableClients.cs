// Mirrors Azure.Data.Tables 12.12.0: Azure/azure-sdk-for-net sdk/tables/Azure.Data.Tables/api/Azure.Data.Tables.net8.0.cs
// (TableServiceClient, TableClient, TableClientOptions, TableTransactionAction, TableTransactionActionType, TableUpdateMode,
// Models.TableItem) (docs/azure-notes.md, "Tables"). Only the members MicroStreams.Functions uses; every TableClient member is virtual, as
// in the real package, so tests mock it with Moq.
#nullable disable
using Azure.Data.Tables.Models;

namespace Azure.Data.Tables
{
    public class TableServiceClient
    {
        protected TableServiceClient()
        {
        }

        public TableServiceClient(string connectionString) => throw new NotSupportedException("AzureShims: needs the real Azure.Data.Tables");

        public TableServiceClient(Uri endpoint, Azure.Core.TokenCredential tokenCredential, TableClientOptions options = null) => throw new NotSupportedException("AzureShims: needs the real Azure.Data.Tables");

        public virtual TableClient GetTableClient(string tableName) => throw new NotSupportedException();
    }

    public class TableClientOptions : Azure.Core.ClientOptions
    {
    }

    public class TableClient
    {
        protected TableClient()
        {
        }

        public TableClient(string connectionString, string tableName) => throw new NotSupportedException("AzureShims: needs the real Azure.Data.Tables");

        public virtual string Name => throw new NotSupportedException();

        public virtual Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<Response> DeleteAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string> select = null, CancellationToken cancellationToken = default)
            where T : class, ITableEntity => throw new NotSupportedException();

        public virtual AsyncPageable<T> QueryAsync<T>(string filter = null, int? maxPerPage = null, IEnumerable<string> select = null, CancellationToken cancellationToken = default)
            where T : class, ITableEntity => throw new NotSupportedException();

        public virtual Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
            where T : ITableEntity => throw new NotSupportedException();

        public virtual Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    public enum TableUpdateMode
    {
        Merge = 0,
        Replace = 1,
    }

    public enum TableTransactionActionType
    {
        Add = 0,
        UpdateMerge = 1,
        UpdateReplace = 2,
        Delete = 3,
        UpsertMerge = 4,
        UpsertReplace = 5,
    }

    public class TableTransactionAction
    {
        public TableTransactionAction(TableTransactionActionType actionType, ITableEntity entity)
            : this(actionType, entity, default)
        {
        }

        public TableTransactionAction(TableTransactionActionType actionType, ITableEntity entity, ETag etag = default)
        {
            ActionType = actionType;
            Entity = entity;
            ETag = etag;
        }

        public TableTransactionActionType ActionType { get; }

        public ITableEntity Entity { get; }

        public ETag ETag { get; }
    }
}

namespace Azure.Data.Tables.Models
{
    public class TableItem
    {
        public TableItem(string name) => Name = name;

        public string Name { get; }
    }
}
