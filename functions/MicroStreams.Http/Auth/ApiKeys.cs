using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Auth;

/// <summary>
/// Checks the Functions key convention (<c>x-functions-key</c> header or <c>code</c> query parameter) and, for the
/// Segment routes, the write key sent as the Basic auth user name. Comparisons are constant-time.
/// </summary>
public sealed class ApiKeys(string functionKey, string adminKey)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    /// <summary>Null when the request may go on; otherwise the problem to answer with (401 no or unknown key, 403 not admin).</summary>
    public IResult? Check(HttpContext context, KeyKind needed)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (needed == KeyKind.Anonymous)
        {
            return null;
        }

        var presented = Presented(context.Request);
        if (string.IsNullOrEmpty(presented))
        {
            return Problems.Problem.Unauthorized($"this route needs a key: send it in the {HeaderName} header or the {QueryName} query parameter (Segment clients: as the write key)");
        }

        var isAdmin = FixedEquals(presented, adminKey);
        if (!isAdmin && !FixedEquals(presented, functionKey))
        {
            return Problems.Problem.Unauthorized("the key is not valid for this server");
        }

        return needed == KeyKind.Admin && !isAdmin
            ? Problems.Problem.Forbidden("this route needs the admin key; the function key only ingests and reads")
            : null;
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        if (request.Query.TryGetValue(QueryName, out var code) && !string.IsNullOrEmpty(code))
        {
            return code.ToString();
        }

        return BasicUser(request.Headers.Authorization.ToString());
    }

    /// <summary>The user name of <c>Authorization: Basic base64(user:password)</c>: Segment's write key.</summary>
    private static string? BasicUser(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var parsed)
            || !string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || parsed.Parameter is null)
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[256];
        if (!Convert.TryFromBase64String(parsed.Parameter, decoded, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(decoded[..written]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? text : text[..colon];
    }

    private static bool FixedEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
