using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.DeadLetters;

/// <summary>A redrive carried out before the answer: workers released, letters re-applied, letters no worker could take.</summary>
public sealed record RedriveDone(int Workers, int Redriven, int Skipped) : RedriveReport
{
    public override int StatusCode => StatusCodes.Status200OK;
}
