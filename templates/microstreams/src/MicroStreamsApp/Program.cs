using MicroStreamsApp.Processors;

var builder = WebApplication.CreateBuilder(args);

// The embedded runtime (log, state and outbox on SQLite in MicroStreams:DataPath), options from the "MicroStreams"
// section, validated at start. Register your processors here; each is built by the container (constructor injection).
var microStreams = builder.Services.AddMicroStreams(builder.Configuration)
    .AddProcessor<WelcomeMessage>();

// Time travel for local runs: with SimulatedClock=true the runtime's clock moves only by
// POST /api/admin/clock/advance?by=PT1H (admin key), and is kept in the data folder.
if (builder.Configuration.GetValue<bool>("SimulatedClock"))
{
    microStreams.UseSimulatedClock();
}

var app = builder.Build();

// The HTTP API (POST /api/events with x-functions-key, inspection, dead letters, replays) and the dashboard.
app.MapMicroStreams();

app.Run();
