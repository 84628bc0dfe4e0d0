using System.Text;
using System.Text.Json;
using MicroStreams.Events;

namespace MicroStreams.Tests.Events;

/// <summary>The validated reader's time parse gives what <see cref="Utf8JsonReader"/> gives, fast path or not.</summary>
public sealed class CommonTimeTests
{
    [Theory]
    [InlineData("2025-03-02T10:00:00Z", true)]
    [InlineData("2025-03-02T10:00:00.1Z", true)]
    [InlineData("2025-03-02T10:00:00.123+01:00", true)]
    [InlineData("2025-03-02T10:00:00.1234567-05:30", true)]
    [InlineData("2024-02-29T23:59:59.9999999+13:59", true)]
    [InlineData("2025-03-02T10:00:00-00:00", true)]
    [InlineData("2025-03-02T10:00:00.12345678Z", false)]
    [InlineData("2025-03-02T10:00:00.Z", false)]
    [InlineData("2023-02-29T10:00:00Z", false)]
    [InlineData("2025-03-02T24:00:00Z", false)]
    [InlineData("2025-03-02T23:59:60Z", false)]
    [InlineData("2025-03-02T10:00:00+14:00", false)]
    [InlineData("2025-03-02T10:00:00+14:30", false)]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    [InlineData("9999-12-31T23:59:59-01:00", false)]
    [InlineData("2025-03-02t10:00:00z", false)]
    [InlineData("2025-03-02T10:00:00", false)]
    [InlineData("2025-03-02T10:00Z", false)]
    [InlineData("2025-03-02 10:00:00Z", false)]
    [InlineData("2025-13-02T10:00:00Z", false)]
    [InlineData("2025-03-02T10:00:00+0100", false)]
    [InlineData("2025-03-02", false)]
    [InlineData("２０25-03-02T10:00:00Z", false)]
    public void TryParseTime_GivesWhatTheJsonReaderGives(string value, bool fastPath)
    {
        var quoted = Encoding.UTF8.GetBytes($"\"{value}\"");
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        var expectedValid = reader.TryGetDateTimeOffset(out var expected);

        var valid = ValidatedEventReader.TryParseTime(quoted, out var actual);

        Assert.Equal(expectedValid, valid);
        Assert.Equal((expected, expected.Offset), (actual, actual.Offset));
        Assert.Equal(fastPath, CommonTime.TryParse(quoted, out _));
    }
}
