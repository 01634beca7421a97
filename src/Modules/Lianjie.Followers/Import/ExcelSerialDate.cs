namespace Lianjie.Followers.Import;

/// <summary>Excel stores dates as days since its epoch, with the time of day as the fraction.</summary>
internal static class ExcelSerialDate
{
    /// <summary>9999-12-31, the last date Excel can show.</summary>
    public const double MaxSerial = 2_958_465;

    // Day 0 is 1899-12-30 once Excel's fictitious 1900-02-29 is skipped (same as OLE automation dates).
    private static readonly DateTime Epoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Converts a serial, rounded to whole seconds; false when it is outside Excel's date range.</summary>
    public static bool TryConvert(double serial, out DateTime date)
    {
        if (double.IsNaN(serial) || serial < 0 || serial >= MaxSerial + 1)
        {
            date = default;
            return false;
        }

        date = Epoch.AddSeconds(Math.Round(serial * 86_400));
        return true;
    }
}
