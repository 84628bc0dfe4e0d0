using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Moq;

namespace MicroStreams.Functions.Tests.Projections;

/// <summary>
/// Azure Table storage in memory behind mocked <see cref="TableClient"/>s: entities ordered by (PartitionKey, RowKey)
/// ordinally, the filter subset the adapter writes (<c>Field op 'literal'</c> joined by <c>and</c>), a new ETag on every
/// write, and entity group transactions with the service's rules (one partition, at most 100 actions, each entity once,
/// <c>Add</c> fails with 409 when the row exists, an update whose ETag no longer matches fails with 412, all or nothing).
/// </summary>
internal sealed class InMemoryTables
{
    private readonly Dictionary<string, SortedDictionary<(string, string), TableEntity>> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Mock<TableClient>> _clients = new(StringComparer.Ordinal);
    private long _etags;

    public List<(string Table, int Actions, int Partitions)> Transactions { get; } = [];

    /// <summary>Runs before each transaction is applied: a test writes there what a concurrent writer would.</summary>
    public Action<string>? BeforeTransaction { get; set; }

    public int Conflicts { get; private set; }

    /// <summary>The stored entity, or null (a copy: changing it changes nothing).</summary>
    public TableEntity? Row(string table, string partitionKey, string rowKey) =>
        _tables.TryGetValue(table, out var rows) && rows.TryGetValue((partitionKey, rowKey), out var entity) ? Copy(entity) : null;

    public IReadOnlyCollection<string> TableNames => _tables.Keys;

    public TableClient Client(string name)
    {
        if (!_clients.TryGetValue(name, out var mock))
        {
            mock = Create(name);
            _clients[name] = mock;
        }

        return mock.Object;
    }

    private SortedDictionary<(string, string), TableEntity> Rows(string name) =>
        _tables.TryGetValue(name, out var rows) ? rows : throw new RequestFailedException(404, $"table {name} does not exist", "TableNotFound", null);

    private Mock<TableClient> Create(string name)
    {
        var mock = new Mock<TableClient>(MockBehavior.Strict);
        mock.Setup(t => t.Name).Returns(name);
        mock.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() =>
        {
            _tables.TryAdd(name, new SortedDictionary<(string, string), TableEntity>(new OrdinalPair()));
            return Response.FromValue(new TableItem(name), Mock.Of<Response>());
        });
        mock.Setup(t => t.DeleteAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() =>
        {
            _tables.Remove(name);
            return Mock.Of<Response>();
        });
        mock.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string pk, string rk, IEnumerable<string> _, CancellationToken _) =>
                _tables.TryGetValue(name, out var rows) && rows.TryGetValue((pk, rk), out var entity) ? Response.FromValue(Copy(entity), Mock.Of<Response>()) : new Missing<TableEntity>());
        mock.Setup(t => t.QueryAsync<TableEntity>(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string? filter, int? _, IEnumerable<string> _, CancellationToken _) =>
            {
                var matched = _tables.TryGetValue(name, out var rows) ? rows.Values.Where(e => Matches(e, filter)).Select(Copy).ToList() : [];
                return AsyncPageable<TableEntity>.FromPages([Page<TableEntity>.FromValues(matched, null, Mock.Of<Response>())]);
            });
        mock.Setup(t => t.UpsertEntityAsync(It.IsAny<TableEntity>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TableEntity e, TableUpdateMode _, CancellationToken _) => Upsert(name, e));
        mock.Setup(t => t.UpsertEntityAsync(It.IsAny<ITableEntity>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ITableEntity e, TableUpdateMode _, CancellationToken _) => Upsert(name, (TableEntity)e));
        mock.Setup(t => t.DeleteEntityAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ETag>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string pk, string rk, ETag _, CancellationToken _) =>
                Rows(name).Remove((pk, rk)) ? Mock.Of<Response>() : throw new RequestFailedException(404, "not found", "ResourceNotFound", null));
        mock.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<TableTransactionAction> actions, CancellationToken _) => Submit(name, [.. actions]));
        return mock;
    }

    private Response Upsert(string name, TableEntity entity)
    {
        Rows(name)[(entity.PartitionKey, entity.RowKey)] = Stored(entity);
        return Mock.Of<Response>();
    }

    private Response<IReadOnlyList<Response>> Submit(string name, List<TableTransactionAction> actions)
    {
        BeforeTransaction?.Invoke(name);
        var rows = Rows(name);
        var partitions = actions.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Count();
        if (actions.Count is 0 or > 100 || partitions != 1 || actions.Select(a => a.Entity.RowKey).Distinct(StringComparer.Ordinal).Count() != actions.Count)
        {
            throw new RequestFailedException(400, "invalid entity group transaction", "InvalidInput", null);
        }

        foreach (var action in actions)
        {
            var exists = rows.TryGetValue((action.Entity.PartitionKey, action.Entity.RowKey), out var stored);
            var failure = action.ActionType switch
            {
                TableTransactionActionType.Add when exists => (409, "EntityAlreadyExists"),
                TableTransactionActionType.Delete or TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace when !exists => (404, "ResourceNotFound"),
                TableTransactionActionType.Delete or TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace
                    when action.ETag != ETag.All && action.ETag != default && action.ETag != stored!.ETag => (412, "UpdateConditionNotSatisfied"),
                _ => (0, null),
            };
            if (failure.Item2 is { } code)
            {
                Conflicts += failure.Item1 is 409 or 412 ? 1 : 0;
                throw new RequestFailedException(failure.Item1, $"transaction action failed: {code}", code, null);
            }
        }

        foreach (var action in actions)
        {
            var key = (action.Entity.PartitionKey, action.Entity.RowKey);
            if (action.ActionType == TableTransactionActionType.Delete)
            {
                rows.Remove(key);
            }
            else
            {
                rows[key] = Stored((TableEntity)action.Entity);
            }
        }

        Transactions.Add((name, actions.Count, partitions));
        return Response.FromValue<IReadOnlyList<Response>>([.. actions.Select(_ => Mock.Of<Response>())], Mock.Of<Response>());
    }

    private TableEntity Stored(TableEntity entity)
    {
        var stored = Copy(entity);
        stored.ETag = new ETag($"W/\"{++_etags}\"");
        return stored;
    }

    private static TableEntity Copy(TableEntity entity)
    {
        var copy = new TableEntity(entity.PartitionKey, entity.RowKey) { ETag = entity.ETag };
        foreach (var (key, value) in entity)
        {
            copy[key] = value;
        }

        return copy;
    }

    private static bool Matches(TableEntity entity, string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return true;
        }

        foreach (var clause in filter.Split(" and ", StringSplitOptions.None))
        {
            var parts = clause.Split(' ', 3);
            var field = parts[0] switch
            {
                "PartitionKey" => entity.PartitionKey,
                "RowKey" => entity.RowKey,
                var other => entity.GetString(other),
            };
            var literal = parts[2][1..^1].Replace("''", "'", StringComparison.Ordinal);
            var compared = string.CompareOrdinal(field, literal);
            var holds = parts[1] switch
            {
                "eq" => compared == 0,
                "ne" => compared != 0,
                "gt" => compared > 0,
                "ge" => compared >= 0,
                "lt" => compared < 0,
                "le" => compared <= 0,
                var op => throw new NotSupportedException($"operator {op}"),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private sealed class OrdinalPair : IComparer<(string, string)>
    {
        public int Compare((string, string) x, (string, string) y)
        {
            var first = string.CompareOrdinal(x.Item1, y.Item1);
            return first != 0 ? first : string.CompareOrdinal(x.Item2, y.Item2);
        }
    }

    private sealed class Missing<T> : NullableResponse<T>
    {
        public override bool HasValue => false;

        public override T Value => throw new InvalidOperationException("no value");

        public override Response GetRawResponse() => Mock.Of<Response>();
    }
}
