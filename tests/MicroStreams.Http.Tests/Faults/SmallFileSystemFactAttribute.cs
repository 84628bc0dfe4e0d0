namespace MicroStreams.Http.Tests.Faults;

/// <summary>A fact that needs <see cref="SmallFileSystem"/>: skipped, with the reason, where mounting is refused.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SmallFileSystemFactAttribute : FactAttribute
{
    public SmallFileSystemFactAttribute()
    {
        if (SmallFileSystem.WhyNot is { } reason)
        {
            Skip = reason;
        }
    }
}
