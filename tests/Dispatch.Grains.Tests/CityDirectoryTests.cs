using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Sla;

namespace Dispatch.Grains.Tests;

/// <summary>
/// The directory grain. Tests that write use their own directory key, so the shared city directory (which the demand
/// grains read their SLA targets from) is left alone.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CityDirectoryTests(ClusterFixture fixture)
{
    private ICityDirectoryGrain FreshDirectory() =>
        fixture.Grains.GetGrain<ICityDirectoryGrain>($"directory-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_fixture_seeded_the_city_directory_once_and_a_second_seed_changes_nothing()
    {
        Assert.True(fixture.CitySeeded);

        var other = TestCity.Data with { Stations = [new("st-other", "其他站", "某站长", "0", "Asia/Shanghai")] };
        Assert.False(await fixture.City.SeedIfEmpty(other));

        AssertSameData(TestCity.Data, await fixture.City.Get());
    }

    [Fact]
    public async Task SeedIfEmpty_loads_an_empty_directory_once_then_refuses_and_never_overwrites()
    {
        var directory = FreshDirectory();
        var empty = await directory.Get();
        Assert.True(empty.IsEmpty);
        Assert.Equal(SlaTargets.Default, empty.Sla);

        Assert.True(await directory.SeedIfEmpty(TestCity.Data));
        AssertSameData(TestCity.Data, await directory.Get());

        var different = new ReferenceData(
            [new("c-x", "X社区", "st-x", CommunityKind.Community)],
            [new("st-x", "X站", "X站长", "0", "Asia/Shanghai")],
            [],
            [],
            new SlaTargets(new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)), SlaTargets.Default.Normal, SlaTargets.Default.Routine));
        Assert.False(await directory.SeedIfEmpty(different));
        Assert.False(await directory.SeedIfEmpty(TestCity.Data));

        AssertSameData(TestCity.Data, await directory.Get());
        Assert.Equal(SlaTargets.Default, await directory.GetSla());
    }

    [Fact]
    public async Task SetSla_rejects_targets_that_make_no_sense_and_keeps_the_old_ones()
    {
        var directory = FreshDirectory();
        Assert.True(await directory.SeedIfEmpty(TestCity.Data));
        var before = await directory.GetSla();

        (SlaTargets Targets, string Expected)[] bad =
        [
            (before with { Urgent = new(TimeSpan.FromHours(3), TimeSpan.FromHours(2)) },
                "Urgent: the acceptance target cannot be longer than the contact target."),
            (before with { Normal = new(TimeSpan.Zero, TimeSpan.FromHours(24)) },
                "Normal: targets must be positive durations."),
            (before with { Routine = new(TimeSpan.FromHours(1), TimeSpan.FromHours(-72)) },
                "Routine: targets must be positive durations."),
        ];
        foreach (var (targets, expected) in bad)
        {
            Assert.Equal(expected, await directory.SetSla(targets));
            Assert.Equal(before, await directory.GetSla());
            Assert.Equal(before, (await directory.Get()).Sla);
        }
    }

    [Fact]
    public async Task SetSla_accepts_sensible_targets_and_changes_nothing_else()
    {
        var directory = FreshDirectory();
        Assert.True(await directory.SeedIfEmpty(TestCity.Data));

        var targets = new SlaTargets(
            Urgent: new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)),   // accept == contact is allowed
            Normal: new(TimeSpan.FromHours(1), TimeSpan.FromHours(12)),
            Routine: new(TimeSpan.FromHours(12), TimeSpan.FromHours(48)));

        Assert.Null(await directory.SetSla(targets));

        Assert.Equal(targets, await directory.GetSla());
        var data = await directory.Get();
        Assert.Equal(targets, data.Sla);
        AssertSameData(TestCity.Data with { Sla = targets }, data);
    }

    /// <summary>Deep equality: records compare their immutable lists by reference, which deserialized copies never share.</summary>
    private static void AssertSameData(ReferenceData expected, ReferenceData actual)
    {
        Assert.Equal(expected.Communities, actual.Communities);
        Assert.Equal(expected.Stations, actual.Stations);
        Assert.Equal(expected.Categories, actual.Categories);
        Assert.Equal(expected.Workers.Count, actual.Workers.Count);
        foreach (var (want, got) in expected.Workers.Zip(actual.Workers))
        {
            Assert.Equal(want.CommunityIds, got.CommunityIds);
            Assert.Equal(want with { CommunityIds = [] }, got with { CommunityIds = [] });
        }
        Assert.Equal(expected.Sla, actual.Sla);
    }
}
