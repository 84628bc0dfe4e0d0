using System.Security.Cryptography;
using System.Text;

namespace MicroStreams.Functions.Projections;

/// <summary>
/// How projection rows map onto Azure Table storage: table names per (projection, version), escaped row keys, and the
/// partition key.
/// </summary>
/// <remarks>
/// PartitionKey is the first <see cref="PartitionKeyLength"/> characters of the escaped key and RowKey the whole escaped
/// key. Because the partition key is a prefix of the row key, the table's (PartitionKey, RowKey) order is the key order,
/// so a prefix scan is one range query: a single partition (<c>PartitionKey eq</c>) when the prefix is at least that
/// long, else a contiguous range of partitions. Writes group by partition into entity group transactions of up to 100
/// rows, and the leading characters of user ids and tenant names spread the rows over many partitions instead of one
/// hot partition per table (a single partition serves about 2,000 entities/s). Keys are escaped because Table keys may
/// not hold '/', '\', '#', '?' or control characters; the escape is prefix-free ('!' plus two hex digits), so a prefix
/// of a key escapes to a prefix of the escaped key.
/// </remarks>
internal static class TableKeys
{
    public const int PartitionKeyLength = 2;
    public const string MetadataTable = "projections";
    public const string MetadataPartition = "projection";

    public static string Escape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Any(NeedsEscape))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            if (NeedsEscape(c))
            {
                builder.Append('!').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string PartitionOf(string escapedKey) => escapedKey.Length <= PartitionKeyLength ? escapedKey : escapedKey[..PartitionKeyLength];

    /// <summary>The smallest string above every string that starts with <paramref name="prefix"/>; null when there is none.</summary>
    public static string? UpperBound(string prefix)
    {
        var chars = prefix.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != char.MaxValue)
            {
                chars[i]++;
                return new string(chars, 0, i + 1);
            }
        }

        return null;
    }

    /// <summary>Table names allow only letters and digits (3–63, starting with a letter); a hash keeps names that differ only in '_' apart.</summary>
    public static string TableOf(string projection, long version)
    {
        var letters = new string([.. projection.Where(char.IsAsciiLetterOrDigit).Take(40)]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(projection)))[..8];
        return $"p{letters}{hash}v{version}";
    }

    /// <summary>An OData string literal: single quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '!' || char.IsControl(c);
}
