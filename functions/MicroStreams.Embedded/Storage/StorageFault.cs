using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Storage;

/// <summary>
/// Recognises a data folder whose file system is full: SQLite's SQLITE_FULL, or the operating system's "no space left
/// on device" from a plain file write. Nothing was committed by the write that failed, and a retry after space is
/// freed succeeds, so hosts answer "try again later" (HTTP 503) instead of reporting a bug.
/// </summary>
public static class StorageFault
{
    private const int SqliteFull = 13;
    private const int NoSpaceErrno = 28;
    private const int DiskFullHResult = unchecked((int)0x80070070);

    public static bool IsOutOfSpace(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) == SqliteFull || (sqlite.SqliteExtendedErrorCode & 0xFF) == SqliteFull:
                    return true;
                case IOException io when io.HResult is NoSpaceErrno or DiskFullHResult || io.Message.Contains("No space left on device", StringComparison.Ordinal):
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutOfSpace):
                    return true;
            }
        }

        return false;
    }
}
