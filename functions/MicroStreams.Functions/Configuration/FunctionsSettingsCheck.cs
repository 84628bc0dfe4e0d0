using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace MicroStreams.Functions.Configuration;

/// <summary>
/// What is wrong with the app settings, one readable sentence per problem naming the setting: the connections the
/// functions and the SDK clients need, and names Azure would refuse later (containers, the event hub, the task hub).
/// </summary>
public static partial class FunctionsSettingsCheck
{
    public static IReadOnlyList<string> Problems(IConfiguration configuration, FunctionsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        var storage = configuration.GetSection(SettingNames.Storage);
        if (string.IsNullOrEmpty(configuration[SettingNames.Storage]))
        {
            foreach (var service in (string[])["blob", "table"])
            {
                var uri = storage[$"{service}ServiceUri"];
                if (string.IsNullOrEmpty(uri) && string.IsNullOrEmpty(storage["accountName"]))
                {
                    problems.Add($"set {SettingNames.Storage} (a connection string; UseDevelopmentStorage=true for Azurite) or {SettingNames.Storage}__{service}ServiceUri (or {SettingNames.Storage}__accountName) for a managed identity");
                }
                else if (!string.IsNullOrEmpty(uri) && !IsHttpUrl(uri))
                {
                    problems.Add($"{SettingNames.Storage}__{service}ServiceUri must be an absolute https URL, not '{uri}'");
                }
            }
        }

        if (string.IsNullOrEmpty(configuration[SettingNames.EventHubConnection]) && string.IsNullOrEmpty(configuration.GetSection(SettingNames.EventHubConnection)["fullyQualifiedNamespace"]))
        {
            problems.Add($"set {SettingNames.EventHubConnection} (a connection string) or {SettingNames.EventHubConnection}__fullyQualifiedNamespace for a managed identity");
        }

        Check(problems, SettingNames.EventHubName, settings.EventHubName, EventHubNamePattern(), "1-256 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        Check(problems, SettingNames.RouterConsumerGroup, settings.RouterConsumerGroup, ConsumerGroupPattern(), "1-256 letters, digits, '.', '_' or '-' (or $Default)");
        Check(problems, SettingNames.ArchiveConsumerGroup, settings.ArchiveConsumerGroup, ConsumerGroupPattern(), "1-256 letters, digits, '.', '_' or '-' (or $Default)");
        Check(problems, SettingNames.DeadLetterContainer, settings.DeadLetterContainer, ContainerNamePattern(), "a blob container name: 3-63 lowercase letters, digits and single hyphens");
        Check(problems, SettingNames.ArchiveContainer, settings.ArchiveContainer, ContainerNamePattern(), "a blob container name: 3-63 lowercase letters, digits and single hyphens");
        Check(problems, SettingNames.TaskHubName, settings.TaskHubName, TaskHubNamePattern(), "3-45 letters and digits, starting with a letter");
        if (string.Equals(settings.RouterConsumerGroup, settings.ArchiveConsumerGroup, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{SettingNames.RouterConsumerGroup} and {SettingNames.ArchiveConsumerGroup} must differ (both are '{settings.RouterConsumerGroup}'): each trigger needs its own checkpoints");
        }

        return problems;
    }

    private static void Check(List<string> problems, string setting, string value, Regex pattern, string rule)
    {
        if (!pattern.IsMatch(value))
        {
            problems.Add($"{setting} is '{value}': it must be {rule}");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$")]
    private static partial Regex EventHubNamePattern();

    [GeneratedRegex(@"^\$?[A-Za-z0-9._-]{1,256}$")]
    private static partial Regex ConsumerGroupPattern();

    // No leading, trailing or double hyphen.
    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerNamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubNamePattern();
}
