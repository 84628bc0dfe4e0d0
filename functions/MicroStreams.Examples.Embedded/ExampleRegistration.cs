using MicroStreams.Embedded;
using MicroStreams.Embedded.Effects;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Embedded.Tenants;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using MicroStreams.Http.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroStreams.Examples.Embedded;

/// <summary>Registers the three examples on the embedded host, as an app registers its own processors.</summary>
public static class ExampleRegistration
{
    /// <summary>The channel of the churn emails: one JSON line each in <c>emails.jsonl</c> in the data folder.</summary>
    public const string EmailChannel = "email";

    /// <summary>
    /// Churn detection, sales milestones and push delivery, with what push brings along: its tenant store in
    /// <c>state.db</c> (seeded from <c>MicroStreams:Tenants</c> when empty), the directory over it
    /// (<c>MicroStreams:TenantDirectory</c>), the admin routes under <c>/api/tenants</c> and the dashboard's Tenants page.
    /// Needs <see cref="IConfiguration"/> in the container (ASP.NET Core registers it).
    /// </summary>
    public static EmbeddedMicroStreamsBuilder AddExampleProcessors(this EmbeddedMicroStreamsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).Validate(Valid, TenantDirectoryOptions.SectionName + " is not valid").ValidateOnStart();
        services.TryAddSingleton(OpenTenantStore);
        services.TryAddSingleton<ITenantStore>(s => s.GetRequiredService<SqliteTenantStore>());
        services.TryAddSingleton(s =>
        {
            var store = s.GetRequiredService<SqliteTenantStore>();
            var initial = store.ListAsync().GetAwaiter().GetResult(); // the SQLite store answers synchronously
            return new RefreshingTenantDirectory(store, initial, s.GetRequiredService<IOptions<TenantDirectoryOptions>>().Value, s.GetRequiredService<RuntimeClock>().Time,
                s.GetRequiredService<ILoggerFactory>().CreateLogger("MicroStreams.Tenants"));
        });
        services.TryAddSingleton(s => new TenantAdmin(s.GetRequiredService<ITenantStore>(), s.GetRequiredService<RefreshingTenantDirectory>(), s.GetRequiredService<RuntimeClock>().Time));
        services.TryAddKeyedSingleton(EmailChannel, (s, _) => new FileSink(EmailChannel, Path.Combine(s.GetRequiredService<IOptions<EmbeddedOptions>>().Value.DataPath, "emails.jsonl")));

        return builder
            .AddProcessor<ChurnDetection>()
            .AddProcessor<SalesMilestone>()
            .AddProcessor(s => new PushDelivery(s.GetRequiredService<RefreshingTenantDirectory>()))
            .AddEffectChannel(EmailChannel, s => s.GetRequiredKeyedService<FileSink>(EmailChannel))
            .AddAdminEndpoints(TenantEndpoints.Map)
            .AddDashboardPage(DashboardPage.FromResource("tenants", "Tenants", typeof(ExampleRegistration).Assembly, "dashboard/tenants.js"));
    }

    /// <summary>Opens the store in the runtime's data folder and seeds it from configuration when it is empty (the first start).</summary>
    private static SqliteTenantStore OpenTenantStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddedOptions>>().Value;
        var store = SqliteTenantStore.Open(options.DataPath, options.StateDurability);
        try
        {
            var seeds = TenantSettings.Read(services.GetRequiredService<IConfiguration>());
            TenantSeed.SeedIfEmptyAsync(store, seeds, services.GetRequiredService<RuntimeClock>().Time.GetUtcNow()).GetAwaiter().GetResult();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static bool Valid(TenantDirectoryOptions options)
    {
        options.Validate();
        return true;
    }
}
