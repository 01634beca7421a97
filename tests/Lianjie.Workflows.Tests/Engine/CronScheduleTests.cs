using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("*/15 * * * *", "2025-03-14 10:07", "2025-03-14 10:15")]
    [InlineData("*/15 * * * *", "2025-03-14 10:45", "2025-03-14 11:00")]
    [InlineData("0 9 * * 1-5", "2025-03-14 10:00", "2025-03-17 09:00")] // Friday -> Monday
    [InlineData("30 8 1 * *", "2025-03-14 10:00", "2025-04-01 08:30")]
    [InlineData("0 0 29 2 *", "2025-03-01 00:00", "2028-02-29 00:00")]
    [InlineData("0 12 * * 7", "2025-03-14 10:00", "2025-03-16 12:00")] // 7 = Sunday
    [InlineData("5/20 * * * *", "2025-03-14 10:06", "2025-03-14 10:25")]
    [InlineData("0,30 8-9 * * *", "2025-03-14 08:31", "2025-03-14 09:00")]
    public void Finds_the_next_occurrence(string expression, string after, string expected)
    {
        var next = CronSchedule.Parse(expression).GetNextOccurrence(DateTime.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("a * * * *")]
    public void Rejects_invalid_expressions(string expression) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
}
