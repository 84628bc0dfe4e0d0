using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using MicroStreams.FunctionsApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The repository's Functions app: the library's functions (from MicroStreams.Azure.Functions) over the three example
// processors, registered as any app registers its own.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddMicroStreams(builder.Configuration)
    .AddProcessor<ChurnDetection>()
    .AddProcessor<SalesMilestone>()
    .AddProcessor(sp => new PushDelivery(sp.GetRequiredService<RefreshingTenantDirectory>()))
    .AddEmailGateway(builder.Configuration);
builder.Services.AddPushTenants(builder.Configuration);
builder.Build().Run();
