using Microsoft.Extensions.Configuration;

namespace MicroStreams.Functions.Configuration;

/// <summary>The app settings the code reads, resolved once with their defaults (names in <see cref="SettingNames"/>).</summary>
public sealed record FunctionsSettings
{
    public string EventHubName { get; init; } = SettingNames.Defaults.EventHubName;
    public string RouterConsumerGroup { get; init; } = SettingNames.Defaults.RouterConsumerGroup;
    public string ArchiveConsumerGroup { get; init; } = SettingNames.Defaults.ArchiveConsumerGroup;
    public string DeadLetterContainer { get; init; } = SettingNames.Defaults.DeadLetterContainer;
    public string ArchiveContainer { get; init; } = SettingNames.Defaults.ArchiveContainer;
    public string TaskHubName { get; init; } = SettingNames.Defaults.TaskHubName;

    public static FunctionsSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string Read(string name, string fallback) => configuration[name] is { Length: > 0 } value ? value : fallback;
        return new FunctionsSettings
        {
            EventHubName = Read(SettingNames.EventHubName, SettingNames.Defaults.EventHubName),
            RouterConsumerGroup = Read(SettingNames.RouterConsumerGroup, SettingNames.Defaults.RouterConsumerGroup),
            ArchiveConsumerGroup = Read(SettingNames.ArchiveConsumerGroup, SettingNames.Defaults.ArchiveConsumerGroup),
            DeadLetterContainer = Read(SettingNames.DeadLetterContainer, SettingNames.Defaults.DeadLetterContainer),
            ArchiveContainer = Read(SettingNames.ArchiveContainer, SettingNames.Defaults.ArchiveContainer),
            TaskHubName = Read(SettingNames.TaskHubName, SettingNames.Defaults.TaskHubName),
        };
    }
}
