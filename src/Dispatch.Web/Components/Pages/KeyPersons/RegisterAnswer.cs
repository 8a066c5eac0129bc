using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Validation;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.KeyPersons;

/// <summary>
/// How the register's forms answer: each field with a problem says what it needs, in the user's language (the rules'
/// own English text is the API's); a write that is refused or not answered becomes one line.
/// </summary>
internal static class RegisterAnswer
{
    public static Dictionary<string, string> FieldHints(IEnumerable<FieldProblem> problems, IStringLocalizer<RegisterPage> t) =>
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => (string)t[$"Invalid.{HintKey(g.Key)}"]);

    /// <summary>Runs the write: the person as saved, or why not (<paramref name="forbidden"/> for a user who may not).</summary>
    public static async Task<(KeyPerson? Person, string? Refusal)> Send(
        Func<Task<KeyPersonResult>> write, string forbidden, IStringLocalizer<RegisterPage> t)
    {
        try
        {
            var result = await write();
            return result.Person is { } person
                ? (person, null)
                : (null, result.Refusal!.Kind == RefusalKind.Forbidden ? forbidden : result.Refusal.Message);
        }
        catch (Exception)
        {
            return (null, t["NotSaved"]);
        }
    }

    /// <summary>Every need found on a visit has the same hint: needs[0].description and needs[3].description alike.</summary>
    private static string HintKey(string field) => field.StartsWith("needs[", StringComparison.Ordinal) ? "need" : field;
}
