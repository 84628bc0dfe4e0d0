namespace MicroStreams.Workers;

/// <summary>Why a step runs: live effects are sent; a rebuild's and a shadow's are decided the same way but only recorded.</summary>
public enum StepMode
{
    Live,
    Rebuild,
    Shadow,
}
