using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace MicroStreams.Functions.Tests.Azurite;

/// <summary>
/// One test's tables on the real Azurite: every name the adapter asks for gets this test's prefix. A pipeline policy
/// lets a test act as a concurrent writer just before an entity group transaction is sent, and counts the 409/412
/// answers the service gives inside transaction responses.
/// </summary>
internal sealed partial class AzuriteTables
{
    private readonly string _prefix = AzuriteStorage.UniqueName("t")[..10];
    private readonly TableServiceClient _service;
    private int _conflicts;

    public AzuriteTables()
    {
        var options = new TableClientOptions();
        options.AddPolicy(new TransactionHook(this), HttpPipelinePosition.PerCall);
        _service = AzuriteStorage.Tables(options);
    }

    /// <summary>Runs once per transaction, before it is sent: a test writes there what a concurrent writer would.</summary>
    public Func<Task>? BeforeTransaction { get; set; }

    public int Conflicts => _conflicts;

    public TableClient Client(string name) => _service.GetTableClient(_prefix + name);

    /// <summary>This test's tables that exist, without the prefix, in name order.</summary>
    public IReadOnlyList<string> TableNames() =>
        [.. _service.Query($"TableName ge '{_prefix}' and TableName lt '{_prefix}~'").Select(t => t.Name[_prefix.Length..]).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"HTTP/1\.1 (409|412) ")]
    private static partial Regex ConflictStatus();

    private sealed class TransactionHook(AzuriteTables tables) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Before(message)?.Invoke().GetAwaiter().GetResult();
            ProcessNext(message, pipeline);
            After(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Before(message) is { } before)
            {
                await before();
            }

            await ProcessNextAsync(message, pipeline);
            After(message);
        }

        private static bool IsTransaction(HttpMessage message) => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

        private Func<Task>? Before(HttpMessage message)
        {
            if (!IsTransaction(message))
            {
                return null;
            }

            var before = tables.BeforeTransaction;
            tables.BeforeTransaction = null;
            return before;
        }

        private void After(HttpMessage message)
        {
            if (IsTransaction(message) && ConflictStatus().IsMatch(message.Response.Content.ToString()))
            {
                Interlocked.Increment(ref tables._conflicts);
            }
        }
    }
}
