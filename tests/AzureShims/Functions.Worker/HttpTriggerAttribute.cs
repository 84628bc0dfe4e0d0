// Mirrors Microsoft.Azure.Functions.Worker.Extensions.Http 3.3.0:
// Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/src/HttpTriggerAttribute.cs and AuthorizationLevel.cs
// (docs/azure-notes.md, "HTTP trigger authorization level"). Only the (AuthorizationLevel, params string[]) constructor is used, so AuthLevel is explicit.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker
{
    public enum AuthorizationLevel
    {
        Anonymous,
        User,
        Function,
        System,
        Admin,
    }

    public sealed class HttpTriggerAttribute : TriggerBindingAttribute
    {
        public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
        {
            AuthLevel = authLevel;
            Methods = methods;
        }

        public AuthorizationLevel AuthLevel { get; set; }

        public string[]? Methods { get; set; }

        public string? Route { get; set; }
    }
}
