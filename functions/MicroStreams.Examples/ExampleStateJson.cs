using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;

namespace MicroStreams.Examples;

/// <summary>Source-generated serializers for the example states: the same bytes as <c>StateJson.Options</c>, written faster.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChurnState))]
[JsonSerializable(typeof(SalesState))]
[JsonSerializable(typeof(PushState))]
[JsonSerializable(typeof(LastSignInRow))]
[JsonSerializable(typeof(SalesTotalsRow))]
[JsonSerializable(typeof(DeliveryStatusRow))]
internal sealed partial class ExampleStateJson : JsonSerializerContext;
