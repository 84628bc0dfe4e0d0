// Mirrors Microsoft.Azure.Functions.Worker.Extensions.Abstractions 1.3.0:
// Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/RetryAttribute.cs and
// ExponentialBackoffRetryAttribute.cs (docs/azure-notes.md, "Packages and the shims").
namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public abstract class RetryAttribute : Attribute
    {
        public int MaxRetryCount { get; set; }
    }

    public class ExponentialBackoffRetryAttribute : RetryAttribute
    {
        public ExponentialBackoffRetryAttribute(int maxRetryCount, string minimumInterval, string maximumInterval)
        {
            if (!TimeSpan.TryParse(minimumInterval, System.Globalization.CultureInfo.InvariantCulture, out var min) ||
                !TimeSpan.TryParse(maximumInterval, System.Globalization.CultureInfo.InvariantCulture, out var max) ||
                min.Ticks < 0 || max.Ticks < 0 || min > max)
            {
                throw new ArgumentOutOfRangeException(nameof(minimumInterval));
            }

            MaxRetryCount = maxRetryCount;
            MinimumInterval = minimumInterval;
            MaximumInterval = maximumInterval;
        }

        public string MinimumInterval { get; }

        public string MaximumInterval { get; }
    }
}
