// Mirrors Microsoft.Azure.Functions.Worker 2.52.0:
// Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplication.cs and FunctionsApplicationBuilder.cs
// (docs/azure-notes.md, "Packages and the shims"), and Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore 2.1.1:
// extensions/Worker.Extensions.Http.AspNetCore/src/FunctionsApplicationBuilderAspNetCoreExtensions.cs.
// Under the shims the app only has to compile; running it needs the real worker.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplication
    {
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw new NotSupportedException("AzureShims: run against the real Microsoft.Azure.Functions.Worker");
    }

    public class FunctionsApplicationBuilder : IHostApplicationBuilder
    {
        internal FunctionsApplicationBuilder()
        {
        }

        public ConfigurationManager Configuration => throw new NotSupportedException();

        public IHostEnvironment Environment => throw new NotSupportedException();

        public ILoggingBuilder Logging => throw new NotSupportedException();

        public IMetricsBuilder Metrics => throw new NotSupportedException();

        public IDictionary<object, object> Properties => throw new NotSupportedException();

        public IServiceCollection Services => throw new NotSupportedException();

        IConfigurationManager IHostApplicationBuilder.Configuration => throw new NotSupportedException();

        public IHost Build() => throw new NotSupportedException();

        public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
            where TContainerBuilder : notnull => throw new NotSupportedException();
    }

    public static class FunctionsApplicationBuilderAspNetCoreExtensions
    {
        public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => throw new NotSupportedException();
    }
}
