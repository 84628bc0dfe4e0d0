namespace MicroStreams.Http.Tests;

/// <summary>
/// Waits for the background runtime to reach a state. serve processes on its own threads on the real clock, so
/// over HTTP there is no drain to call: the test polls, with a deadline that fails loudly.
/// </summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<(bool Done, T Value)>> probe, string what, int timeoutSeconds = 20)
    {
        var deadline = Environment.TickCount64 + (timeoutSeconds * 1000L);
        T last = default!;
        while (Environment.TickCount64 < deadline)
        {
            var (done, value) = await probe();
            if (done)
            {
                return value;
            }

            last = value;
            await Task.Delay(50);
        }

        throw new TimeoutException($"{what} did not reach the expected state within {timeoutSeconds} s; last seen: {last}");
    }
}
