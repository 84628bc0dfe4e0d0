// Mirrors Microsoft.Azure.Functions.Worker.Extensions.Abstractions 1.3.0:
// Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/BindingAttribute.cs,
// InputBindingAttribute.cs (TriggerBindingAttribute is declared the same way as InputBindingAttribute).
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions
{
    [AttributeUsage(AttributeTargets.Method)]
    public abstract class BindingAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public abstract class InputBindingAttribute : BindingAttribute
    {
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public abstract class TriggerBindingAttribute : BindingAttribute
    {
    }
}
