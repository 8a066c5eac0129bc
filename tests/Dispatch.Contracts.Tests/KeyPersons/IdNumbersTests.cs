using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Contracts.Tests.KeyPersons;

public sealed class IdNumbersTests
{
    [Theory]
    [InlineData(RegisterCity.IdWithX)]
    [InlineData("11010519491231002x")]      // a lower-case check character is the same number
    [InlineData(" 440524188001010014 ")]
    [InlineData(RegisterCity.IdWithDigit)]
    public void Well_formed_numbers_pass(string idNumber) => Assert.Null(IdNumbers.Problem(idNumber));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("32058519900101123", "18 characters")]
    [InlineData("3205851990010112356", "18 characters")]
    [InlineData("32058519900101123A", "18 characters")]
    [InlineData("3205851990A101123X", "18 characters")]
    [InlineData("320585199013011235", "birth date")]    // month 13
    [InlineData("320585199001011234", "check character")]
    [InlineData("11010519491231002 ", "18 characters")]   // trimmed to 17 characters
    public void Malformed_numbers_say_what_is_wrong(string? idNumber, string expected) =>
        Assert.Contains(expected, IdNumbers.Problem(idNumber));

    [Fact]
    public void The_mask_keeps_the_region_and_the_last_four() =>
        Assert.Equal("1101**********002X", IdNumbers.Mask(RegisterCity.IdWithX));

    [Fact]
    public void The_person_id_is_the_same_for_the_same_number_and_never_contains_it()
    {
        var id = IdNumbers.PersonIdOf(RegisterCity.IdWithX);

        Assert.Equal(id, IdNumbers.PersonIdOf(" 11010519491231002x"));
        Assert.NotEqual(id, IdNumbers.PersonIdOf(RegisterCity.IdWithDigit));
        Assert.DoesNotContain("19491231", id);
        Assert.StartsWith("kp-", id);
    }
}
