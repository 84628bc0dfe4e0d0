namespace MicroStreams.Events;

/// <summary>
/// Parses the one shape producers send nearly always, <c>"yyyy-MM-ddTHH:mm:ss[.f to .fffffff](Z|+HH:mm|-HH:mm)"</c>, with
/// values plainly in range; anything else (another shape, an invalid or edge value) is left to
/// <see cref="System.Text.Json.Utf8JsonReader"/>, which gives the result for it. Hand-written because the reader's own
/// parse (a reader over the value, then its general ISO 8601 parser) was a tenth of reading a validated record.
/// </summary>
internal static class CommonTime
{
    public static bool TryParse(ReadOnlySpan<byte> quoted, out DateTimeOffset time)
    {
        time = default;
        if (quoted.Length < 22 || quoted[0] != '"' || quoted[^1] != '"')
        {
            return false;
        }

        var text = quoted[1..^1];
        if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Number(text[..4], out var year) || !Number(text[5..7], out var month) || !Number(text[8..10], out var day)
            || !Number(text[11..13], out var hour) || !Number(text[14..16], out var minute) || !Number(text[17..19], out var second))
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            var digits = 0;
            for (at++; at < text.Length && char.IsAsciiDigit((char)text[at]); at++, digits++)
            {
                fraction = fraction * 10 + (text[at] - '0');
            }

            if (digits is 0 or > 7)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        var zone = text[at..];
        int offsetMinutes;
        if (zone.Length == 1 && zone[0] == 'Z')
        {
            offsetMinutes = 0;
        }
        else if (zone.Length == 6 && zone[0] is (byte)'+' or (byte)'-' && zone[3] == ':' && Number(zone[1..3], out var offsetHours) && Number(zone[4..6], out var offsetMinute)
            && offsetHours < 14 && offsetMinute < 60)
        {
            offsetMinutes = (zone[0] == '-' ? -1 : 1) * (offsetHours * 60 + offsetMinute);
        }
        else
        {
            return false;
        }

        // Well inside every limit: the reader decides leap seconds, hour 24, the first and last days of the calendar.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(fraction);
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }

            value = value * 10 + (digit - '0');
        }

        return true;
    }
}
