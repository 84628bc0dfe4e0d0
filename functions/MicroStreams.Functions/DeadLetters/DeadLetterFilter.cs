using System.Globalization;
using MicroStreams.DeadLetters;

namespace MicroStreams.Functions.DeadLetters;

/// <summary>Filters of the dead-letter list; a partition narrows the listing to one name prefix.</summary>
public sealed record DeadLetterFilter
{
    public string? Processor { get; init; }
    public string? Key { get; init; }
    public DeadLetterKind? Kind { get; init; }
    public DeadLetterStatus? Status { get; init; }
    public int? Partition { get; init; }

    public string? IdPrefix => Partition is { } p ? string.Create(CultureInfo.InvariantCulture, $"p{p:D4}-") : null;

    public bool Matches(DeadLetterDocument letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return (Processor is null || letter.Processor == Processor)
            && (Key is null || letter.Key == Key)
            && (Kind is null || letter.Kind == Kind)
            && (Status is null || letter.Status == Status)
            && (Partition is null || letter.Partition == Partition);
    }
}
