// Mirrors Azure.Data.Tables 12.12.0: Azure/azure-sdk-for-net sdk/tables/Azure.Data.Tables/api/Azure.Data.Tables.net8.0.cs
// and Azure.Data.Tables.net10.0.cs (ITableEntity, TableEntity; GetBoolean). TableEntity is a data holder, so the shim holds data: a dictionary of
// properties beside PartitionKey, RowKey, Timestamp and ETag, with the typed getters the adapter uses.
#nullable disable
using System.Collections;

namespace Azure.Data.Tables
{
    public interface ITableEntity
    {
        string PartitionKey { get; set; }

        string RowKey { get; set; }

        DateTimeOffset? Timestamp { get; set; }

        ETag ETag { get; set; }
    }

    public sealed class TableEntity : ITableEntity, IDictionary<string, object>
    {
        private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

        public TableEntity()
        {
        }

        public TableEntity(string partitionKey, string rowKey)
        {
            PartitionKey = partitionKey;
            RowKey = rowKey;
        }

        public TableEntity(IDictionary<string, object> values)
        {
            foreach (var (key, value) in values)
            {
                this[key] = value;
            }
        }

        public string PartitionKey { get; set; }

        public string RowKey { get; set; }

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public int Count => _properties.Count;

        public ICollection<string> Keys => _properties.Keys;

        ICollection<object> IDictionary<string, object>.Values => _properties.Values;

        bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;

        public object this[string key]
        {
            get => _properties.TryGetValue(key, out var value) ? value : null;
            set => _properties[key] = value;
        }

        public string GetString(string key) => this[key] as string;

        public long? GetInt64(string key) => this[key] is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

        public bool? GetBoolean(string key) => this[key] is bool value ? value : null;

        public int? GetInt32(string key) => this[key] is { } value ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;

        public DateTimeOffset? GetDateTimeOffset(string key) => this[key] switch
        {
            DateTimeOffset value => value,
            DateTime value => new DateTimeOffset(value),
            _ => null,
        };

        public void Add(string key, object value) => _properties.Add(key, value);

        public void Clear() => _properties.Clear();

        public bool ContainsKey(string key) => _properties.ContainsKey(key);

        public bool Remove(string key) => _properties.Remove(key);

        public bool TryGetValue(string key, out object value) => _properties.TryGetValue(key, out value);

        void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => _properties.Add(item.Key, item.Value);

        bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) => ((ICollection<KeyValuePair<string, object>>)_properties).Contains(item);

        void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object>>)_properties).CopyTo(array, arrayIndex);

        bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) => ((ICollection<KeyValuePair<string, object>>)_properties).Remove(item);

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
