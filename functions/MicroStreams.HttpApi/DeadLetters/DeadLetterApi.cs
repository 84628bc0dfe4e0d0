using System.Globalization;
using MicroStreams.DeadLetters;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.DeadLetters;

/// <summary>
/// The dead-letter handlers: list with filters and keyset paging (<c>next</c> links the following page with the same
/// filters), read one, redrive one or a filtered set, discard one.
/// </summary>
public static class DeadLetterApi
{
    public const string Route = "/api/deadletters";
    public const int MaxPageSize = 1000;

    // The key's query parameter stays out of the next page's link: a link is shown and logged, a key is a secret.
    private const string KeyParameter = "code";

    public static async Task<IResult> ListAsync(HttpRequest request, IDeadLetterDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(desk);
        var read = Read(request.Query);
        if (read.Value is not { } selection)
        {
            return Problem.For(read.Refusal!);
        }

        int? limit = null;
        if (request.Query.TryGetValue("limit", out var rawLimit) && !string.IsNullOrEmpty(rawLimit))
        {
            if (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxPageSize)
            {
                return Problem.BadRequest($"'{rawLimit}' is not a page size between 1 and {MaxPageSize}", "limit");
            }

            limit = n;
        }

        var cursor = request.Query.TryGetValue(desk.CursorParameter, out var rawCursor) && !string.IsNullOrEmpty(rawCursor) ? rawCursor.ToString() : null;
        var listed = await desk.ListAsync(selection, cursor, limit, cancellationToken);
        if (listed.Value is not { } page)
        {
            return Problem.For(listed.Refusal!);
        }

        return TypedResults.Json(new { items = page.Items, next = page.NextCursor is { } next ? NextPage(request.Query, desk.CursorParameter, next) : null }, Problem.Json);
    }

    public static async Task<IResult> GetAsync(string id, IDeadLetterDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desk);
        return await desk.GetAsync(id, cancellationToken) is { } letter ? TypedResults.Json(letter, Problem.Json) : Problem.NotFound($"there is no dead letter {id}");
    }

    public static async Task<IResult> RedriveOneAsync(string id, IDeadLetterDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desk);
        return Redriven(await desk.RedriveOneAsync(id, cancellationToken));
    }

    public static async Task<IResult> RedriveSetAsync(HttpRequest request, IDeadLetterDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(desk);
        var read = Read(request.Query);
        return read.Value is { } selection ? Redriven(await desk.RedriveSetAsync(selection, cancellationToken)) : Problem.For(read.Refusal!);
    }

    public static async Task<IResult> DiscardAsync(string id, IDeadLetterDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var discarded = await desk.DiscardAsync(id, cancellationToken);
        return discarded.Value is { } answer ? TypedResults.Json(answer, Problem.Json) : Problem.For(discarded.Refusal!);
    }

    private static IResult Redriven(Outcome<RedriveReport> outcome) =>
        outcome.Value is { } report ? TypedResults.Json<object>(report, Problem.Json, statusCode: report.StatusCode) : Problem.For(outcome.Refusal!);

    private static string NextPage(IQueryCollection query, string cursorParameter, string cursor) =>
        $"{Route}?" + string.Join('&', query.Where(q => q.Key != cursorParameter && q.Key != KeyParameter)
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"{cursorParameter}={Uri.EscapeDataString(cursor)}"));

    /// <summary>The filters; an empty value is no filter, a number is no kind or status (enum parsing would take it).</summary>
    private static Outcome<DeadLetterSelection> Read(IQueryCollection query)
    {
        var selection = new DeadLetterSelection();
        if (query.TryGetValue("kind", out var kind) && !string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<DeadLetterKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(kind, out _))
            {
                return Refusal.Invalid($"'{kind}' is not a kind: {string.Join(", ", Enum.GetNames<DeadLetterKind>())}", "kind");
            }

            selection = selection with { Kind = parsed };
        }

        if (query.TryGetValue("status", out var status) && !string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DeadLetterStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Refusal.Invalid($"'{status}' is not a status: {string.Join(", ", Enum.GetNames<DeadLetterStatus>())}", "status");
            }

            selection = selection with { Status = parsed };
        }

        if (query.TryGetValue("partition", out var partition) && !string.IsNullOrEmpty(partition))
        {
            if (!int.TryParse(partition, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return Refusal.Invalid("partition must be a non-negative integer", "partition");
            }

            selection = selection with { Partition = p };
        }

        var processor = query["processor"].ToString();
        var key = query["key"].ToString();
        return selection with
        {
            Processor = string.IsNullOrEmpty(processor) ? null : processor,
            Key = string.IsNullOrEmpty(key) ? null : key,
        };
    }
}
