using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>No key, SAS, connection string or secret-looking literal in any deployment or settings file.</summary>
public sealed partial class NoSecretsTests
{
    /// <summary>The only credentials allowed anywhere: the well-known public local-development values.</summary>
    private static readonly string[] AllowedInLocalSettingsSample =
    [
        "UseDevelopmentStorage=true",
        // The Event Hubs emulator's documented, fixed development connection string (Azure/azure-event-hubs-emulator-installer).
        "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
        "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true",
    ];

    private static readonly string[] ForbiddenMarkers =
    [
        "AccountKey=", "SharedAccessKey=", "SharedAccessKeyName=", "SharedAccessSignature", "sig=", "DefaultEndpointsProtocol=",
        "InstrumentationKey=", "Endpoint=sb://", "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(",
        "-----BEGIN", "UseDevelopmentStorage=", "UseDevelopmentEmulator=",
    ];

    public static TheoryData<string> Files()
    {
        var files = new TheoryData<string>();
        foreach (var file in RepoFiles.FilesUnder("infra", "*"))
        {
            files.Add(RepoFiles.Relative(file));
        }

        files.Add(Infra.AzureYamlPath);
        files.Add(Infra.HostJsonPath);
        files.Add(Infra.LocalSettingsSamplePath);
        return files;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_HoldsNoSecretOrConnectionString(string relativePath)
    {
        var text = RepoFiles.Read(relativePath);
        if (relativePath == Infra.LocalSettingsSamplePath)
        {
            text = AllowedInLocalSettingsSample.Aggregate(text, (t, allowed) => t.Replace(allowed, string.Empty, StringComparison.Ordinal));
        }

        var markers = ForbiddenMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)).ToList();
        var secretLooking = HighEntropyToken().Matches(text).Select(m => m.Value).Where(LooksRandom).ToList();

        Assert.True(markers.Count == 0, $"{relativePath} contains {string.Join(", ", markers)}");
        Assert.True(secretLooking.Count == 0, $"{relativePath} contains secret-looking literals: {string.Join(", ", secretLooking)}");
    }

    [Fact]
    public void SecretScan_CatchesAKeyAndIgnoresOrdinaryText()
    {
        const string key = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O==";

        Assert.Contains(HighEntropyToken().Matches($"value: '{key}'"), m => LooksRandom(m.Value));
        Assert.DoesNotContain(HighEntropyToken().Matches("https://raw.githubusercontent.com/Azure/azure-dev/main/schemas/v1.0/azure.yaml.json"), m => LooksRandom(m.Value));
    }

    private static bool LooksRandom(string token) =>
        token.Any(char.IsUpper) && token.Any(char.IsLower) && token.Any(char.IsDigit);

    [GeneratedRegex(@"[A-Za-z0-9+/]{32,}={0,2}")]
    private static partial Regex HighEntropyToken();
}
