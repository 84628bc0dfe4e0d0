// Mirrors Microsoft.DurableTask.Abstractions 1.25.0: microsoft/durabletask-dotnet src/Abstractions/AsyncPageable.cs,
// Page.cs and Pageable.cs (the Durable SDK's own pageable, adapted from Azure.Core's; returned by the client's queries).
using System.Runtime.CompilerServices;

namespace Microsoft.DurableTask
{
    public abstract class AsyncPageable<T> : IAsyncEnumerable<T>
        where T : notnull
    {
        public abstract IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = default, int? pageSizeHint = default);

        public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            await foreach (Page<T> page in AsPages().WithCancellation(cancellationToken))
            {
                foreach (T value in page.Values)
                {
                    yield return value;
                }
            }
        }
    }

    public sealed class Page<T>(IReadOnlyList<T> values, string? continuationToken = null)
        where T : notnull
    {
        public IReadOnlyList<T> Values { get; } = values ?? throw new ArgumentNullException(nameof(values));

        public string? ContinuationToken { get; } = continuationToken;
    }

    public static class Pageable
    {
        public static AsyncPageable<T> Create<T>(Func<string?, CancellationToken, Task<Page<T>>> pageFunc)
            where T : notnull
        {
            ArgumentNullException.ThrowIfNull(pageFunc);
            return Create((continuation, size, cancellation) => pageFunc(continuation, cancellation));
        }

        public static AsyncPageable<T> Create<T>(Func<string?, int?, CancellationToken, Task<Page<T>>> pageFunc)
            where T : notnull
        {
            ArgumentNullException.ThrowIfNull(pageFunc);
            return new FuncAsyncPageable<T>(pageFunc);
        }

        private sealed class FuncAsyncPageable<T>(Func<string?, int?, CancellationToken, Task<Page<T>>> pageFunc) : AsyncPageable<T>
            where T : notnull
        {
            public override IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = default, int? pageSizeHint = default) =>
                AsPagesCore(continuationToken, pageSizeHint);

            private async IAsyncEnumerable<Page<T>> AsPagesCore(string? continuationToken = default, int? pageSizeHint = default, [EnumeratorCancellation] CancellationToken cancellation = default)
            {
                do
                {
                    Page<T> page = await pageFunc(continuationToken, pageSizeHint, cancellation);
                    yield return page;
                    continuationToken = page.ContinuationToken;
                }
                while (continuationToken is not null);
            }
        }
    }
}
