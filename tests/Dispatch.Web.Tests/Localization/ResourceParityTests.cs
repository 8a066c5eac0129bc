using System.Xml.Linq;

namespace Dispatch.Web.Tests.Localization;

/// <summary>Every string the user sees exists in both languages: each English resource has a Chinese twin with the same keys.</summary>
public sealed class ResourceParityTests
{
    private static readonly string ResourcesFolder = Path.Combine(RepositoryRoot(), "src", "Dispatch.Web", "Resources");

    public static TheoryData<string> NeutralResources()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ResourcesFolder, "*.resx", SearchOption.AllDirectories)
                     .Where(f => !Path.GetFileNameWithoutExtension(f).Contains('.')))
        {
            data.Add(Path.GetRelativePath(ResourcesFolder, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NeutralResources))]
    public void Each_resource_has_a_Chinese_twin_with_the_same_non_empty_keys(string neutral)
    {
        var english = Entries(Path.Combine(ResourcesFolder, neutral));
        var chinesePath = Path.Combine(ResourcesFolder, neutral.Replace(".resx", ".zh-CN.resx"));
        Assert.True(File.Exists(chinesePath), $"{neutral} has no zh-CN twin");
        var chinese = Entries(chinesePath);

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.All(english.Concat(chinese), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"{neutral}: {entry.Key} is empty"));
        // Placeholders must match, or one language would format differently (or throw).
        Assert.All(english, entry => Assert.Equal(Placeholders(entry.Value), Placeholders(chinese[entry.Key])));
    }

    [Fact]
    public void There_are_resources_to_check() => Assert.NotEmpty(NeutralResources());

    private static Dictionary<string, string> Entries(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string[] Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order()];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dispatch.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the test binaries.");
    }
}
