using System.Text.Json;
using MicroStreams.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using EmbeddedProblems = MicroStreams.Http.Problems;

namespace MicroStreams.Functions.Tests.Http;

/// <summary>Every problem the Azure host answers is, byte for byte, the one the embedded host answers for the same mistake.</summary>
public sealed class ProblemParityTests
{
    private static string Azure(Microsoft.AspNetCore.Mvc.ObjectResult result) => JsonSerializer.Serialize(result.Value, JsonSerializerOptions.Web);

    private static string Embedded(Microsoft.AspNetCore.Http.IResult result) =>
        JsonSerializer.Serialize(Assert.IsType<JsonHttpResult<EmbeddedProblems.ProblemDocument>>(result).Value, JsonSerializerOptions.Web);

    [Fact]
    public void Problems_SerializeAsTheEmbeddedHostsProblemDocuments()
    {
        Assert.Equal(Embedded(EmbeddedProblems.Problem.NotFound("no such row")), Azure(Problems.NotFound("no such row")));
        Assert.Equal(Embedded(EmbeddedProblems.Problem.Conflict("busy")), Azure(Problems.Conflict("busy")));
        Assert.Equal(Embedded(EmbeddedProblems.Problem.BadRequest("limit must be 1..1000", "limit")), Azure(Problems.BadRequest("limit must be 1..1000", "limit")));
        Assert.Equal(Embedded(EmbeddedProblems.Problem.TooLarge("too big")), Azure(Problems.TooLarge("too big")));
        Assert.Equal(Embedded(EmbeddedProblems.Problem.UnsupportedMediaType("text/plain")), Azure(Problems.UnsupportedMediaType("text/plain")));
        Assert.Equal(
            Embedded(EmbeddedProblems.Problem.BadEvents([new EmbeddedProblems.ProblemError(1, "type", "missing")])),
            Azure(Problems.BadEvents([new EventError(1, "type", "missing")])));
    }

    [Fact]
    public void Backpressure_HasTheEmbeddedHostsProblemTypeAndTitle()
    {
        var embedded = JsonDocument.Parse(Embedded(EmbeddedProblems.Problem.Of(429, "backpressure", "Too many unprocessed events", "x"))).RootElement;
        var azure = JsonDocument.Parse(Azure(Problems.Backpressure("x"))).RootElement;

        Assert.Equal((embedded.GetProperty("type").GetString(), embedded.GetProperty("title").GetString()), (azure.GetProperty("type").GetString(), azure.GetProperty("title").GetString()));
    }
}
