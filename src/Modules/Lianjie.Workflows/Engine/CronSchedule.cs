using System.Globalization;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Minimal 5-field cron ("minute hour day-of-month month day-of-week"). Supports *, numbers, ranges (a-b),
/// steps (*/n, a-b/n) and lists (a,b). Day-of-week 0-7 with 0 and 7 = Sunday. As in classic cron, when both
/// day fields are restricted a day matches if either does.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _daysRestricted;
    private readonly bool _weekdaysRestricted;

    private CronSchedule(string[] fields)
    {
        _minutes = ParseField(fields[0], 0, 59, "minute");
        _hours = ParseField(fields[1], 0, 23, "hour");
        _days = ParseField(fields[2], 1, 31, "day of month");
        _months = ParseField(fields[3], 1, 12, "month");
        _weekdays = ParseField(fields[4], 0, 7, "day of week");
        _weekdays[0] |= _weekdays[7];
        _daysRestricted = fields[2] != "*";
        _weekdaysRestricted = fields[4] != "*";
    }

    public static CronSchedule Parse(string expression)
    {
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"Cron expression '{expression}' must have 5 fields (minute hour day month weekday).");
        }

        return new CronSchedule(fields);
    }

    /// <summary>First matching minute strictly after <paramref name="after"/>, in the same wall-clock as the input.</summary>
    public DateTime? GetNextOccurrence(DateTime after)
    {
        var t = new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, after.Kind).AddMinutes(1);
        var limit = after.AddYears(5);
        while (t <= limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, t.Kind).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
            }
            else
            {
                return t;
            }
        }

        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dayOk = _days[t.Day];
        var weekdayOk = _weekdays[(int)t.DayOfWeek];
        return _daysRestricted && _weekdaysRestricted ? dayOk || weekdayOk : dayOk && weekdayOk;
    }

    private static bool[] ParseField(string field, int min, int max, string name)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var (range, step) = SplitStep(part, name);
            var (from, to) = range == "*" ? (min, max) : ParseRange(range, name);
            if (part.Contains('/') && !range.Contains('-') && range != "*")
            {
                to = max; // "5/15" means 5-max/15, as in classic cron.
            }

            if (from < min || to > max || from > to)
            {
                throw new FormatException($"Cron {name} '{part}' is outside {min}-{max}.");
            }

            for (var value = from; value <= to; value += step)
            {
                allowed[value] = true;
            }
        }

        return allowed;
    }

    private static (string Range, int Step) SplitStep(string part, string name)
    {
        var slash = part.IndexOf('/');
        if (slash < 0)
        {
            return (part, 1);
        }

        var step = ParseNumber(part[(slash + 1)..], name);
        return step <= 0 ? throw new FormatException($"Cron {name} step must be positive.") : (part[..slash], step);
    }

    private static (int From, int To) ParseRange(string range, string name)
    {
        var dash = range.IndexOf('-');
        return dash < 0
            ? (ParseNumber(range, name), ParseNumber(range, name))
            : (ParseNumber(range[..dash], name), ParseNumber(range[(dash + 1)..], name));
    }

    private static int ParseNumber(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Cron {name} '{text}' is not a number.");
}
