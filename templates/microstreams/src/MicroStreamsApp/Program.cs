using MicroStreamsApp.Processors;

var builder = WebApplication.CreateBuilder(args);

// The embedded runtime (log, state and outbox on SQLite), options from the "MicroStreams" section. Register your
// processors here; each is built by the container, so constructor injection works.
builder.Services.AddMicroStreams(builder.Configuration)
    .AddProcessor<WelcomeMessage>();

var app = builder.Build();

// The HTTP API (POST /api/events with x-functions-key, inspection, dead letters, replays) and the dashboard.
app.MapMicroStreams();

app.Run();
