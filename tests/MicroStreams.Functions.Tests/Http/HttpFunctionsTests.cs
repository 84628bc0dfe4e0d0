using System.Reflection;
using MicroStreams.Functions.Bindings;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Tests.Http;

public sealed class HttpFunctionsTests
{
    private static IEnumerable<(string Function, HttpTriggerAttribute Trigger)> Triggers() =>
        typeof(HttpFunctions).GetMethods()
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => (x.Function!, x.Trigger!));

    [Fact]
    public void Routes_WhenTheyChangeState_NeedTheAdminKeyAndTheRestAFunctionKey()
    {
        var levels = Triggers().ToDictionary(t => t.Function, t => t.Trigger.AuthLevel);

        Assert.Equal(AuthorizationLevel.Function, levels["PostEvents"]);
        Assert.Equal(AuthorizationLevel.Function, levels["GetWorker"]);
        Assert.Equal(AuthorizationLevel.Function, levels["ListDeadLetters"]);
        Assert.Equal(AuthorizationLevel.Admin, levels["RedriveDeadLetter"]);
        Assert.Equal(AuthorizationLevel.Admin, levels["RedriveDeadLetters"]);
        Assert.Equal(AuthorizationLevel.Admin, levels["DiscardDeadLetter"]);
        Assert.Equal(AuthorizationLevel.Admin, levels["DiscardDeadLetterPost"]);
        Assert.Equal(AuthorizationLevel.Function, levels["GetProcessor"]);
        Assert.Equal(AuthorizationLevel.Admin, levels["StartReplay"]);
        Assert.Equal(AuthorizationLevel.Admin, levels["CancelReplay"]);
        Assert.Equal(AuthorizationLevel.Function, levels["GetReplay"]);
        Assert.Equal(AuthorizationLevel.Function, levels["ListReplays"]);
        Assert.DoesNotContain(levels.Values, l => l == AuthorizationLevel.Anonymous);
    }

    [Fact]
    public void GetWorker_TakesTheKeyAsACatchAllSegmentSoKeysWithSlashesResolve() =>
        Assert.Equal("processors/{name}/workers/{*key}", Triggers().Single(t => t.Function == "GetWorker").Trigger.Route);
}
