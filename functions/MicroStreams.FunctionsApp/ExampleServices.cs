using MicroStreams.Examples.Tenants;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.Effects;
using MicroStreams.FunctionsApp.Http;
using MicroStreams.FunctionsApp.Tenants;
using MicroStreams.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroStreams.FunctionsApp;

/// <summary>What the examples need on Azure beyond the library: the push tenants' Table store and admin routes, and the email gateway.</summary>
public static class ExampleServices
{
    /// <summary>The HTTP client name of the email gateway sender (30 s timeout).</summary>
    public const string EmailGatewayHttpClient = "MicroStreams.EmailGateway";

    /// <summary>
    /// The examples' <c>email</c> effects go to the gateway at <c>EffectGatewayUrl</c> (an envelope per effect, see
    /// <see cref="GatewayEffectSender"/>). Without the setting no email sender is registered, and those effects are
    /// dead-lettered with that reason.
    /// </summary>
    public static IMicroStreamsBuilder AddEmailGateway(this IMicroStreamsBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[SettingNames.EffectGatewayUrl] is not { Length: > 0 } url)
        {
            return builder;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException($"MicroStreams: {SettingNames.EffectGatewayUrl} must be an absolute http(s) URL, not '{url}'");
        }

        builder.Services.AddHttpClient(EmailGatewayHttpClient, http => http.Timeout = TimeSpan.FromSeconds(30));
        return builder.AddEffectChannel("email", sp => new GatewayEffectSender("email", gateway, sp.GetRequiredService<IHttpClientFactory>().CreateClient(EmailGatewayHttpClient)));
    }

    /// <summary>The push tenants' store in Table storage (table <c>TenantTable</c>), the refreshing directory the push processor reads, and the admin routes' handler.</summary>
    public static IServiceCollection AddPushTenants(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TenantDirectoryOptions();
        configuration.GetSection(TenantDirectoryOptions.SectionName).Bind(options);
        options.Validate();
        var table = configuration[SettingNames.TenantTable] is { Length: > 0 } name ? name : SettingNames.Defaults.TenantTable;
        services.AddSingleton<ITenantStore>(sp => new TableTenantStore(sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(table)));

        // DI factories are synchronous, and the router's subscriptions need the stored tenants before the processor is
        // built: one Table query, once per instance, when the processors are built at start.
        services.AddSingleton(sp => RefreshingTenantDirectory.StartAsync(
            sp.GetRequiredService<ITenantStore>(), options, sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("MicroStreams.Tenants")).GetAwaiter().GetResult());
        services.AddSingleton(sp => new TenantAdmin(sp.GetRequiredService<ITenantStore>(), sp.GetRequiredService<RefreshingTenantDirectory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TenantsApi>();
        return services;
    }
}
