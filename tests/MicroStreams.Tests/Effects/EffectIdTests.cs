using MicroStreams.Effects;
using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Tests.Effects;

public sealed class EffectIdTests
{
    [Fact]
    public void For_WhenInputsAreEqual_IsEqualAndHasTheEffectPrefix()
    {
        var id = EffectId.For("churn", "u1", "0:17", 0);

        Assert.Equal(id, EffectId.For("churn", "u1", "0:17", 0));
        Assert.StartsWith("ef_", id, StringComparison.Ordinal);
        Assert.Equal(3 + 32, id.Length);
    }

    [Theory]
    [InlineData("milestone", "u1", "0:17", 0)]
    [InlineData("churn", "u2", "0:17", 0)]
    [InlineData("churn", "u1", "0:18", 0)]
    [InlineData("churn", "u1", "1:17", 0)]
    [InlineData("churn", "u1", "0:17", 1)]
    public void For_WhenAnyInputDiffers_Differs(string processor, string key, string source, int ordinal)
    {
        var id = EffectId.For(processor, key, source, ordinal);

        Assert.NotEqual(EffectId.For("churn", "u1", "0:17", 0), id);
    }

    [Fact]
    public void TimerSource_WhenDueDiffers_Differs()
    {
        var source = EffectId.TimerSource("inactive", Ev.T0);

        Assert.Equal($"timer:inactive:{Ev.T0.UtcTicks}", source);
        Assert.NotEqual(source, EffectId.TimerSource("inactive", Ev.T0.AddTicks(1)));
    }
}
