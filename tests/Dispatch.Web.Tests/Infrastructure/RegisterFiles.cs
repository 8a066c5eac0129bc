using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Spreadsheets;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>Register files built in code, so no binary fixture sits in the repository.</summary>
public static class RegisterFiles
{
    /// <summary>A well-formed id number with a correct check character, born on 1 January of 1950 + n.</summary>
    public static string IdNumber(int n)
    {
        var first17 = $"320585{1950 + n}0101{n:000}";
        return first17 + IdNumbers.CheckCharacter(first17);
    }

    public static byte[] Xlsx(IReadOnlyList<string> header, params object?[][] rows)
    {
        using var stream = new MemoryStream();
        SheetWriter.WriteXlsx([new SheetTable("名册", header, rows)], stream);
        return stream.ToArray();
    }
}
