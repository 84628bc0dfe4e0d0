namespace MicroStreams.Http.Inspection;

/// <summary>Shows stored bytes in the dashboard's answers, as the API does (<see cref="StoredJson"/>).</summary>
internal static class Json
{
    public static object? Show(ReadOnlyMemory<byte> raw) => StoredJson.Show(raw);

    public static object? Show(string text) => StoredJson.Show(text);
}
