using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Dispatch.Testing;

namespace Dispatch.BlobStorage.Tests;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("demand", "20261122-ABC123", "state/demand/20261122-ABC123.json")]
    [InlineData("demand", "a/b", "state/demand/a%2Fb.json")]
    [InlineData("demand", "..", "state/demand/%2E%2E.json")]
    [InlineData("demand", "城厢镇", "state/demand/%E5%9F%8E%E5%8E%A2%E9%95%87.json")]
    [InlineData("demand", "a b?c#d%e~f", "state/demand/a%20b%3Fc%23d%25e%7Ef.json")]
    public void Grain_state_blob_names_are_readable_and_url_safe(string type, string key, string expected) =>
        Assert.Equal(expected, BlobNames.ForGrainState("state", GrainId.Create(type, key)));

    [Fact]
    public void Reminder_blob_names_nest_under_the_grain()
    {
        var grain = GrainId.Create("demand", "20261122-ABC123");

        Assert.Equal("demand/20261122-ABC123/sla-accept.json", BlobNames.ForReminder(grain, "sla-accept"));
        Assert.Equal("demand/20261122-ABC123/", BlobNames.ReminderPrefix(grain));
    }

    [Fact]
    public void Over_long_keys_are_shortened_to_distinct_stable_names()
    {
        var a = BlobNames.Segment(new string('k', 500));
        var b = BlobNames.Segment(new string('k', 499) + "x");
        var escaped = BlobNames.Segment(new string('/', 300));

        Assert.Equal(BlobNames.MaxSegmentLength, a.Length);
        Assert.NotEqual(a, b);
        Assert.Equal(a, BlobNames.Segment(new string('k', 500)));
        Assert.True(escaped.Length <= BlobNames.MaxSegmentLength);
        Assert.Matches("^(%2F)+~[0-9a-f]{16}$", escaped); // never cut through an escape
    }

    [Fact]
    public void Empty_and_dot_parts_never_collapse_in_a_url()
    {
        Assert.Equal("~", BlobNames.Segment(""));
        Assert.Equal("%7E", BlobNames.Segment("~"));
        Assert.Equal("%2E", BlobNames.Segment("."));
        Assert.Equal("a.b", BlobNames.Segment("a.b"));
    }
}

public sealed class ReminderRangeTests
{
    [Theory]
    [InlineData(10u, 10u, 20u, false)] // begin is exclusive
    [InlineData(20u, 10u, 20u, true)]  // end is inclusive
    [InlineData(15u, 10u, 20u, true)]
    [InlineData(25u, 10u, 20u, false)]
    [InlineData(25u, 20u, 10u, true)]  // wrap-around
    [InlineData(5u, 20u, 10u, true)]
    [InlineData(15u, 20u, 10u, false)]
    [InlineData(0u, 7u, 7u, true)]     // begin == end: the whole ring
    [InlineData(uint.MaxValue, 7u, 7u, true)]
    public void Range_follows_orleans_ring_semantics(uint hash, uint begin, uint end, bool expected) =>
        Assert.Equal(expected, BlobReminderTable.IsInRange(hash, begin, end));
}

public sealed class BlobStorageOptionsTests
{
    [Theory]
    [InlineData("dispatch-state", true)]
    [InlineData("abc", true)]
    [InlineData("ab", false)]
    [InlineData("Dispatch", false)]
    [InlineData("dispatch--state", false)]
    [InlineData("-dispatch", false)]
    [InlineData("dispatch-", false)]
    [InlineData("dispatch_state", false)]
    public void Container_names_follow_azure_rules(string name, bool valid) =>
        Assert.Equal(valid, BlobStorageOptionsValidator.IsValidContainerName(name));

    [Fact]
    public void Validator_names_the_bad_setting()
    {
        var validator = new BlobStorageOptionsValidator(new BlobStorageOptions { ReminderContainerName = "Bad_Name" }, "Default");

        var error = Assert.ThrowsAny<Exception>(validator.ValidateConfiguration);

        Assert.Contains("ReminderContainerName", error.Message);
    }

    [Fact]
    public void Defaults_point_at_a_local_azurite()
    {
        var options = new BlobStorageOptions();

        Assert.Contains("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1", options.ConnectionString);
        Assert.Equal("dispatch-state", options.ContainerName);
        Assert.Equal("dispatch-reminders", options.ReminderContainerName);
        Assert.Null(options.ServiceVersion);
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class ServiceVersionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Pinned_service_version_is_what_goes_over_the_wire()
    {
        var seen = new List<string>();
        var options = StorageFactory.Options(azurite);
        options.ServiceVersion = BlobClientOptions.ServiceVersion.V2025_11_05;
        options.ConfigureClientOptions = client => client.AddPolicy(new RecordVersion(seen), HttpPipelinePosition.PerRetry);
        var storage = StorageFactory.GrainStorage(options);

        await storage.EnsureContainerAsync(CancellationToken.None);
        await storage.WriteStateAsync("state", GrainId.Create("demand", "v"), new GrainState<CaseFile>(CaseFile.Sample()));
        await azurite.CreateServiceClient().GetBlobContainerClient(options.ContainerName).DeleteAsync();

        Assert.NotEmpty(seen);
        Assert.All(seen, version => Assert.Equal("2025-11-05", version));
    }

    private sealed class RecordVersion(List<string> seen) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Headers.TryGetValue("x-ms-version", out var version))
            {
                lock (seen)
                {
                    seen.Add(version);
                }
            }
        }
    }
}
