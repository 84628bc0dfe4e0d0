using System.Buffers;
using System.Text.Json;
using MicroStreams.Embedded.State;
using MicroStreams.Examples.Churn;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.State;

public sealed class WorkerCodecTests
{
    private static readonly ChurnDetection Churn = new();

    private static Worker WorkerWith(params string[] timers)
    {
        var worker = new Worker(new WorkerId(ChurnDetection.Name, "u1")) { State = new ChurnState(DateTimeOffset.UnixEpoch, 3, "a@b.c"), Timers = new TimerSet() };
        for (var i = 0; i < timers.Length; i++)
        {
            worker.Timers[timers[i]] = new ScheduledTimer(timers[i], DateTimeOffset.UnixEpoch.AddMinutes(timers.Length - i), i + 1);
        }

        return worker;
    }

    [Fact]
    public void Encode_WritesTimersInNameOrder_WhateverOrderTheyWereSetIn()
    {
        var json = JsonDocument.Parse(WorkerCodec.Encode(WorkerWith("zeta", "alpha", "mid"), Churn));

        var names = json.RootElement.GetProperty("t").EnumerateArray().Select(t => t[0].GetString()).ToList();

        Assert.Equal(["alpha", "mid", "zeta"], names);
    }

    [Fact]
    public void Write_OfAWorkerWithOneTimer_AllocatesNothingPerWorker()
    {
        var worker = WorkerWith("inactive");
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer);
        void Encode()
        {
            WorkerCodec.Write(writer, worker, Churn);
            writer.Flush();
            writer.Reset(buffer);
            buffer.ResetWrittenCount();
        }

        Encode();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Encode();
        }

        // Zero here; the bound leaves room for a one-off allocation by the runtime (sorting the timers cost ~420 bytes each).
        var perWorker = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;
        Assert.True(perWorker < 16, $"{perWorker} bytes allocated per encoded worker");
    }
}
