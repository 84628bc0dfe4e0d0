namespace MicroStreams.Events;

/// <summary>
/// Walks the top-level members of a JSON object that is already known to be valid (a log record its
/// <see cref="CloudEventReader"/> accepted at append), locating each name and value by a byte scan. It checks nothing
/// that validation already checked, so it must never see unvalidated bytes; whatever it does not handle plainly (an
/// escaped member name, input that ends early) makes <see cref="Next"/> fail, and the caller reads the record in full.
/// Hand-written because <see cref="System.Text.Json.Utf8JsonReader"/> always validates, which is most of its cost here.
/// </summary>
internal ref struct ValidJsonMembers
{
    private readonly ReadOnlySpan<byte> _json;
    private int _at;

    public ValidJsonMembers(ReadOnlySpan<byte> json)
    {
        _json = json;
        _at = SkipWhitespace(json, 0);
        Failed = _at >= json.Length || json[_at] != (byte)'{';
        _at++;
    }

    /// <summary>Whether the scan met something it does not handle: the caller must read the record with a validating reader.</summary>
    public bool Failed { get; private set; }

    /// <summary>Whether the closing brace of the object was reached.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// Moves to the next member: its unescaped name, and where its value starts and ends. A string value is
    /// <paramref name="plain"/> when it holds no escapes, and its text is then the value without its quotes.
    /// False at the end of the object, or when the scan failed.
    /// </summary>
    public bool Next(out ReadOnlySpan<byte> name, out int valueStart, out int valueEnd, out bool plain)
    {
        name = default;
        valueStart = valueEnd = 0;
        plain = false;
        if (Failed || Ended)
        {
            return false;
        }

        var at = SkipWhitespace(_json, _at);
        if (at < _json.Length && _json[at] == (byte)'}')
        {
            Ended = true;
            return false;
        }

        if (at >= _json.Length || _json[at] != (byte)'"')
        {
            return Fail();
        }

        var nameEnd = StringEnd(_json, at, out var escapedName);
        if (nameEnd < 0 || escapedName)
        {
            return Fail();
        }

        name = _json[(at + 1)..(nameEnd - 1)];
        at = SkipWhitespace(_json, nameEnd);
        if (at >= _json.Length || _json[at] != (byte)':')
        {
            return Fail();
        }

        valueStart = SkipWhitespace(_json, at + 1);
        valueEnd = ValueEnd(_json, valueStart, out var escaped);
        if (valueEnd < 0)
        {
            return Fail();
        }

        plain = _json[valueStart] == (byte)'"' && !escaped;
        at = SkipWhitespace(_json, valueEnd);
        if (at >= _json.Length || _json[at] is not ((byte)',' or (byte)'}'))
        {
            return Fail();
        }

        _at = _json[at] == (byte)',' ? at + 1 : at;
        return true;
    }

    private bool Fail()
    {
        Failed = true;
        return false;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }

    /// <summary>The index just past the string starting at <paramref name="at"/> (its opening quote), or -1.</summary>
    /// <remarks>A plain loop: attribute values are a few bytes long, too short for a vectorized search to pay off.</remarks>
    private static int StringEnd(ReadOnlySpan<byte> json, int at, out bool escaped)
    {
        escaped = false;
        for (var i = at + 1; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                return i + 1;
            }

            if (b == (byte)'\\')
            {
                escaped = true;
                i++;
            }
        }

        return -1;
    }

    /// <summary>The index just past the value starting at <paramref name="at"/>, or -1.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> json, int at, out bool escaped)
    {
        escaped = false;
        if (at >= json.Length)
        {
            return -1;
        }

        switch (json[at])
        {
            case (byte)'"':
                return StringEnd(json, at, out escaped);
            case (byte)'{' or (byte)'[':
                return ContainerEnd(json, at);
            default:
                // A number, true, false or null runs to the next separator.
                var i = at;
                while (i < json.Length && json[i] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    i++;
                }

                return i == at ? -1 : i;
        }
    }

    private static int ContainerEnd(ReadOnlySpan<byte> json, int at)
    {
        var depth = 0;
        for (var i = at; i < json.Length; i++)
        {
            switch (json[i])
            {
                case (byte)'"':
                    i = StringEnd(json, i, out _) - 1;
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }
}
