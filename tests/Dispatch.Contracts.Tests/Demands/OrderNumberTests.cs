using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Tests.Demands;

public sealed class OrderNumberTests
{
    [Theory]
    [InlineData("20261122-7KQ3XA", "20261122-7KQ3XA")]
    [InlineData(" 20261122 7kq3xa ", "20261122-7KQ3XA")]
    [InlineData("202611227KQ3XA", "20261122-7KQ3XA")]
    [InlineData("20261122－7KQ3XA", "20261122-7KQ3XA")]
    [InlineData("20261122-0ILO1A", "20261122-01101A")]
    public void A_number_typed_as_heard_becomes_the_stored_number(string typed, string stored) =>
        Assert.Equal(stored, OrderNumber.Normalize(typed));

    [Theory]
    [InlineData(" 王秀英 ", "王秀英")]
    [InlineData("2026", "2026")]
    [InlineData("2026112X-ABC", "2026112X-ABC")]
    public void What_does_not_look_like_a_number_is_only_trimmed(string typed, string kept) =>
        Assert.Equal(kept, OrderNumber.Normalize(typed));
}
