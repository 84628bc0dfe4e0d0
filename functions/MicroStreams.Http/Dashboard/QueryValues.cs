using System.Globalization;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Dashboard;

/// <summary>Reads optional query parameters of the dashboard's routes, answering a bad one with a problem that names it.</summary>
internal static class QueryValues
{
    public static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString() : null;

    public static bool TryLong(IQueryCollection query, string name, long min, long max, long? fallback, out long? value, out IResult? problem)
    {
        value = fallback;
        problem = null;
        if (Text(query, name) is not { } text)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            problem = Problem.BadRequest($"'{name}' must be a whole number from {min} to {max}, not '{text}'", name);
            return false;
        }

        value = parsed;
        return true;
    }

    public static bool TryEnum<T>(IQueryCollection query, string name, out T? value, out IResult? problem)
        where T : struct, Enum
    {
        value = null;
        problem = null;
        if (Text(query, name) is not { } text)
        {
            return true;
        }

        if (!Enum.TryParse<T>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(text[0]))
        {
            var names = string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
            problem = Problem.BadRequest($"'{name}' must be one of {names}, not '{text}'", name);
            return false;
        }

        value = parsed;
        return true;
    }
}
