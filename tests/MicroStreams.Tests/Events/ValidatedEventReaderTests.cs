using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Events;

namespace MicroStreams.Tests.Events;

public sealed class ValidatedEventReaderTests
{
    private static readonly EventPosition Position = new(3, 42);
    private static readonly DateTimeOffset Accepted = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"e1","source":"/s","type":"user_signin","subject":"u-1","time":"2025-03-02T10:00:00.123+01:00","data":{"email":"a@b.c","n":[1,{"x":"}"}]}}""")]
    [InlineData(" {\n \"specversion\" : \"1.0\" ,\t\"id\":\"e1\",\"source\":\"/s\",\"type\":\"t\",\"partitionkey\":\"k\",\"data\" : \"a \\\"quoted\\\" \\\\ text\" }\n")]
    [InlineData("""{"id":"e1","specversion":"1.0","source":"/s","type":"t","subject":"u","ext1":17,"ext2":true,"ext3":null,"ext4":"x\"y","data_base64":"AAE="}""")]
    [InlineData("""{"specversion":"1.0","id":"first","id":"second","source":"/s","type":"a","type":"b","subject":"u","data":1,"data":[]}""")]
    [InlineData("""{"specversion":"1.0","id":"caf\u00e9","source":"/s","type":"t","subject":"u"}""")]
    [InlineData("""{"specversion":"1.0","\u0069d":"e1","source":"/s","type":"t","subject":"u"}""")]
    [InlineData("""{"specversion":"1.0","id":"é ✓","source":"/s","type":"t","subject":"ü","datacontenttype":"application/json","dataschema":"urn:x"}""")]
    public void Read_GivesTheEventTheValidatingReaderGives(string json) => AssertSameAsValidating(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_WhenTheRecordIsNotAnEvent_GivesTheValidatingReadersRejection()
    {
        var bytes = """{"specversion":"1.0","source":"/s","type":"t","subject":"u"}"""u8.ToArray();

        var read = ValidatedEventReader.Read(bytes, Position, Accepted);

        Assert.False(read.IsValid);
        Assert.Equal(CloudEventReader.Read(bytes, Position, Accepted).Rejection, read.Rejection);
    }

    [Fact]
    public void TryPeek_FindsTheLastTypeAndTheQuotedTime()
    {
        var bytes = """{"type":"a","data":{"type":"inner","time":"x"},"time":"2025-03-02T10:00:00Z","type":"b"}"""u8;

        Assert.True(ValidatedEventReader.TryPeek(bytes, out var type, out var time));
        Assert.Equal("b", Encoding.UTF8.GetString(type));
        Assert.True(ValidatedEventReader.TryParseTime(time, out var parsed));
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 10, 0, 0, TimeSpan.Zero), parsed);
    }

    /// <summary>
    /// Any structured CloudEvent the validating reader accepts (members in any order, whitespace, extensions, nested data
    /// with escapes and brackets inside strings, escaped attribute values) reads to the same event through the scan.
    /// </summary>
    [Fact]
    public void Read_ForAnyValidEvent_GivesTheEventTheValidatingReaderGives()
    {
        var property = Prop.ForAll(EventJson.ToArbitrary(), json =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            if (!CloudEventReader.Read(bytes, Position, Accepted).IsValid)
            {
                return true;
            }

            AssertSameAsValidating(bytes);

            // The scan must read every event without escapes itself: falling back always would be correct but pointless.
            return HasEscapedAttribute(bytes) || ValidatedEventReader.TryRead(bytes, Position, Accepted) is not null;
        });

        property.QuickCheckThrowOnFailure();
    }

    /// <summary>Whether a member name, or the value of a string attribute, has an escape (the scan leaves those to the validating reader).</summary>
    private static bool HasEscapedAttribute(byte[] bytes)
    {
        var reader = new System.Text.Json.Utf8JsonReader(bytes);
        reader.Read();
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var escapedName = reader.ValueIsEscaped;
            var attribute = reader.GetString() is "specversion" or "id" or "source" or "type" or "subject" or "partitionkey" or "time" or "datacontenttype" or "dataschema";
            reader.Read();
            if (escapedName || (attribute && reader.ValueIsEscaped))
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static void AssertSameAsValidating(byte[] bytes)
    {
        var expected = CloudEventReader.Read(bytes, Position, Accepted);
        var actual = ValidatedEventReader.Read(bytes, Position, Accepted);
        Assert.True(expected.IsValid, $"not a valid event: {expected.Rejection}");
        Assert.True(actual.IsValid, $"{actual.Rejection}");
        var (e, a) = (expected.Event, actual.Event);
        Assert.Equal((e.Id, e.Source, e.Type, e.Subject, e.PartitionKey, e.Time, e.Time.Offset, e.Position, e.HasData),
            (a.Id, a.Source, a.Type, a.Subject, a.PartitionKey, a.Time, a.Time.Offset, a.Position, a.HasData));
        Assert.Equal(e.HasData ? e.Data.GetRawText() : null, a.HasData ? a.Data.GetRawText() : null);
        Assert.True(e.Raw.Span.SequenceEqual(a.Raw.Span));

        // A reused instance, refilled after holding another event, reads the same (its id decoded only when asked).
        var reused = ValidatedEventReader.Read(Other, new EventPosition(0, 1), Accepted, StreamEvent.Reusable()).Event!;
        _ = reused.Data;
        var refilled = ValidatedEventReader.Read(bytes, Position, Accepted, reused).Event!;
        // Its routing key copied from the subject's bytes, before anything made a string of the subject.
        Span<char> key = stackalloc char[256];
        Assert.True(refilled.TryCopyRoutingKey(key, out var written));
        Assert.Equal(e.RoutingKey, key[..written].ToString());
        Assert.False(e.RoutingKey.Length > 0 && refilled.TryCopyRoutingKey(key[..(e.RoutingKey.Length - 1)], out _));
        Assert.Equal((e.Id, e.Source, e.Type, e.Subject, e.PartitionKey, e.Time, e.Time.Offset, e.Position, e.HasData),
            (refilled.Id, refilled.Source, refilled.Type, refilled.Subject, refilled.PartitionKey, refilled.Time, refilled.Time.Offset, refilled.Position, refilled.HasData));
        Assert.Equal(e.HasData ? e.Data.GetRawText() : null, refilled.HasData ? refilled.Data.GetRawText() : null);

        // Data members read by name (by a scan on validated data): the same value, and the given instance when equal.
        foreach (var name in MemberNames)
        {
            var value = e.GetString(name);
            Assert.Equal(value, a.GetString(name));
            Assert.Equal(value, refilled.GetString(name));
            if (value is not null)
            {
                var current = new string(value.AsSpan());
                Assert.Same(current, refilled.GetString(name, current));
                Assert.Equal(value, refilled.GetString(name, value + "?"));
            }
        }
    }

    /// <summary>The unescaped forms of the generated member names, and one that is never generated.</summary>
    private static readonly string[] MemberNames = ["u-1", "é", "a b", "a\"b", "xAy", "}{][,:", "\\", "", "email"];

    private static readonly byte[] Other = """{"specversion":"1.0","id":"other","source":"/o","type":"o","subject":"o","time":"2020-01-01T00:00:00Z","data":{"o":1}}"""u8.ToArray();

    [Fact]
    public void Read_IntoAReusedEvent_RefillsTheSameInstance()
    {
        var reusable = StreamEvent.Reusable();

        var first = ValidatedEventReader.Read(Other, Position, Accepted, reusable).Event;
        var second = ValidatedEventReader.Read("""{"specversion":"1.0","id":"e2","source":"/s","type":"t","subject":"u"}"""u8.ToArray(), Position, Accepted, reusable).Event;

        Assert.Same(reusable, first);
        Assert.Same(reusable, second);
        Assert.Equal(("e2", "u", Accepted, false), (second!.Id, second.Subject, second.Time, second.HasData));
    }

    private static readonly Gen<string> Space = Gen.Elements("", "", " ", "\n\t ");

    private static readonly Gen<string> Text = Gen.Elements("u-1", "é", "a b", "a\\\"b", "x\\u0041y", "}{][,:", "\\\\", "");

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Text.Select(t => $"\"{t}\""),
        Gen.Elements("0", "-1.5e3", "true", "false", "null", "12345678901234567890"));

    private static readonly Gen<string> Data = Gen.OneOf(
        Scalar,
        Gen.Zip(Text, Scalar).Select(p => $"{{\"{p.Item1}\":{p.Item2}}}"),
        Gen.Zip(Gen.Zip(Text, Scalar), Gen.Zip(Text, Scalar)).Select(p => $"{{\"{p.Item1.Item1}\":{p.Item1.Item2}, \"{p.Item2.Item1}\" : {p.Item2.Item2}}}"),
        Gen.Zip(Scalar, Scalar).Select(p => $"[{p.Item1},{{\"a\":[{p.Item2},[]]}},{{}}]"));

    private static readonly Gen<string> Time = Gen.Elements(
        "\"2025-03-02T10:00:00Z\"", "\"2025-03-02T10:00:00.1234567+05:30\"", "\"2025-03-02T10:00:00-01:00\"", "\"2025-03-02\"", "\"yesterday\"", "7");

    private static readonly Gen<(string Name, string Value)> Member = Gen.OneOf(
        Gen.Elements("1.0", "1.0", "0.3").Select(v => ("specversion", $"\"{v}\"")),
        Text.Select(t => ("id", $"\"e{t}\"")),
        Gen.Elements("/s", "/a\\/b").Select(t => ("source", $"\"{t}\"")),
        Gen.Elements("user_signin", "sale", "t\\u0079pe").Select(t => ("type", $"\"{t}\"")),
        Text.Select(t => ("subject", $"\"{t}\"")),
        Text.Select(t => ("partitionkey", $"\"{t}\"")),
        Time.Select(t => ("time", t)),
        Data.Select(d => ("data", d)),
        Gen.Constant(("data_base64", "\"AAE=\"")),
        Gen.Constant(("datacontenttype", "\"application/json\"")),
        Gen.Zip(Gen.Elements("ext", "tenant", "a1"), Scalar).Select(p => (p.Item1, p.Item2)),
        Gen.Constant(("\\u0074ype", "\"user_signin\"")));

    /// <summary>A complete event (so most are valid) with extra members shuffled in, and whitespace around every token.</summary>
    private static readonly Gen<string> EventJson =
        Gen.Zip(Member.ListOf(), Gen.Zip(Gen.Choose(0, 1000), Space.ArrayOf(64))).Select(t =>
        {
            var (extra, (seed, spaces)) = t;
            var members = new List<(string Name, string Value)>
            {
                ("specversion", "\"1.0\""), ("id", "\"e1\""), ("source", "\"/s\""), ("type", "\"user_signin\""), ("subject", "\"u\""),
            };
            var random = new Random(seed);
            foreach (var member in extra)
            {
                members.Insert(random.Next(members.Count + 1), member);
            }

            var json = new StringBuilder(spaces[0] + "{");
            for (var i = 0; i < members.Count; i++)
            {
                var s = spaces[(i % 16) + 1];
                json.Append(i == 0 ? "" : ",").Append(s).Append('"').Append(members[i].Name).Append('"').Append(s).Append(':').Append(s).Append(members[i].Value).Append(s);
            }

            return json.Append('}').Append(spaces[63]).ToString();
        });
}
