using Microsoft.Extensions.Options;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// Runs an options class's own <c>Validate()</c> at start and turns what it throws into a message that names the
/// setting (<c>MicroStreams:Partitions: ...</c>), so a bad value stops the host before it opens anything.
/// </summary>
internal sealed class SettingsValidator<TOptions>(string section, Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex) when (ex.ParamName is { } setting)
        {
            var reason = ex.Message.Split('\n')[0].Replace($" (Parameter '{setting}')", string.Empty, StringComparison.Ordinal);
            return ValidateOptionsResult.Fail($"{section}:{setting}: {reason}");
        }
        catch (InvalidOperationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message.StartsWith(section, StringComparison.Ordinal) ? ex.Message : $"{section}: {ex.Message}");
        }
    }
}
