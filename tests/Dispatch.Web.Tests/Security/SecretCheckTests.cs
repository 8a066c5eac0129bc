using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Extensions;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// Outside Development the host starts only with secrets of its own: each missing secret or published development
/// default stops it with a message naming the setting; proper values (a storage SAS, a signing key, no demo users) start it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SecretCheckTests(AzuriteFixture azurite)
{
    private const string AzuriteKey = "{azurite}";

    public static TheoryData<string, string, string> Defaults => new()
    {
        { SecretCheckExtensions.StorageConnectionString, AzuriteKey, "Azurite's published development key" },
        { $"{AuthOptions.Section}:SigningKey", SecretCheckExtensions.DevelopmentSigningKey, $"{AuthOptions.Section}:SigningKey is the development key" },
        { $"{AuthOptions.Section}:SigningKey", "", $"{AuthOptions.Section}:SigningKey must be set" },
        { $"{AuthOptions.Section}:DemoUsers", "true", $"{AuthOptions.Section}:DemoUsers is on" },
        { $"{AuthOptions.Section}:InitialAdmin:Password", DemoUsers.Password, $"{AuthOptions.Section}:InitialAdmin:Password is the demo users' published password" },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public async Task Production_refuses_to_start_with_a_development_default_or_a_missing_secret(string setting, string value, string message)
    {
        var settings = ProductionSettings();
        settings[setting] = value == AzuriteKey ? azurite.ConnectionString : value;
        await using var app = new DispatchAppFactory(azurite, settings: settings);

        var failure = Record.Exception(() => app.Services);

        Assert.NotNull(failure);
        Assert.Contains(message, failure.ToString());
    }

    [Fact]
    public void Production_without_a_storage_connection_string_is_refused_rather_than_using_a_local_azurite()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AuthOptions.Section}:SigningKey"] = DispatchAppFactory.SigningKey,
        }).Build();

        var problems = SecretCheckExtensions.Problems(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });

        Assert.Contains($"{SecretCheckExtensions.StorageConnectionString} is not set", problems[0]);
        Assert.Equal(2, problems.Count); // and the line that says how a test machine opts in
    }

    [Fact]
    public async Task Production_starts_with_secrets_of_its_own()
    {
        await using var app = new DispatchAppFactory(azurite, settings: ProductionSettings());

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Development_starts_with_its_published_defaults()
    {
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            ["environment"] = "Development",
            [SecretCheckExtensions.AllowDevelopmentSecrets] = "false",
            [$"{AuthOptions.Section}:SigningKey"] = SecretCheckExtensions.DevelopmentSigningKey,
        });

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public void The_refused_signing_key_is_the_one_development_settings_hold()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(DispatchAppFactory.ContentRoot, "appsettings.Development.json")).Build();

        Assert.Equal(SecretCheckExtensions.DevelopmentSigningKey, development[$"{AuthOptions.Section}:SigningKey"]);
    }

    /// <summary>
    /// What an operator would give: a storage connection string with a SAS instead of the account key (Azurite accepts
    /// one signed with its key, which the host never sees), the tests' own signing key, and no demo users.
    /// </summary>
    private Dictionary<string, string> ProductionSettings()
    {
        var sas = new BlobServiceClient(azurite.ConnectionString)
            .GenerateAccountSasUri(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(2), AccountSasResourceTypes.All);
        return new Dictionary<string, string>
        {
            ["environment"] = "Production",
            [SecretCheckExtensions.AllowDevelopmentSecrets] = "false",
            [$"{AuthOptions.Section}:DemoUsers"] = "false",
            [SecretCheckExtensions.StorageConnectionString] =
                $"BlobEndpoint={sas.GetLeftPart(UriPartial.Path)};SharedAccessSignature={sas.Query.TrimStart('?')}",
        };
    }
}
