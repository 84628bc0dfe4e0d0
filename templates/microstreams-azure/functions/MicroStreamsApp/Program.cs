using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MicroStreamsApp.Processors;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Register your processors; each is built by the container, so constructor injection works.
builder.Services.AddMicroStreams(builder.Configuration)
    .AddProcessor<WelcomeMessage>();

builder.Build().Run();
