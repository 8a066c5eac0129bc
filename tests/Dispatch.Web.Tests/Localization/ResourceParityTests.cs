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

    /// <summary>
    /// One word per idea on every screen: the first-contact target and time are 首次联系 / First contact, never 响应,
    /// 联系时限 alone, Response or a bare Contact (acceptance is 接单 / Acceptance throughout).
    /// </summary>
    [Fact]
    public void Every_text_names_first_contact_with_the_same_words()
    {
        var banned = new System.Text.RegularExpressions.Regex(
            @"响应时|^响应$|(?<!首次)联系时[限长]|\bresponse time|^response$|^contact$|(?<!first[- ])contact time",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var offending = Directory.EnumerateFiles(ResourcesFolder, "*.resx", SearchOption.AllDirectories)
            .SelectMany(file => Entries(file).Where(entry => banned.IsMatch(entry.Value))
                .Select(entry => $"{Path.GetRelativePath(ResourcesFolder, file)}: {entry.Key} = {entry.Value}")).ToList();
        Assert.True(offending.Count == 0, string.Join(Environment.NewLine, offending));
    }

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
