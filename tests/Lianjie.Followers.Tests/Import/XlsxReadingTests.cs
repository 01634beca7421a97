using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianjie.Followers.Export;
using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class XlsxReadingTests
{
    [Fact]
    public void Workbook_written_by_the_exporter_reads_back_including_chinese()
    {
        var output = new MemoryStream();
        using (var writer = new FollowerXlsxWriter(output, ["openid", "昵称", "标签", "备注"], leaveOpen: true))
        {
            writer.WriteRow(["oA1", "张三", "新客户、VIP", "  两边空格  "]);
            writer.WriteRow(["oA2", "李四", null, "第一行\n第二行"]);
        }

        output.Position = 0;
        using var reader = FollowerFileReader.Open(output);
        var rows = reader.ReadRows().ToList();

        Assert.Equal(FollowerFileFormat.Xlsx, reader.Format);
        Assert.Equal(["openid", "昵称", "标签", "备注"], reader.Header);
        Assert.Equal([2, 3], rows.Select(r => r.RowNumber));
        Assert.Equal(["oA1", "张三", "新客户、VIP", "  两边空格  "], rows[0].Cells);
        Assert.Equal(["oA2", "李四", "", "第一行\n第二行"], rows[1].Cells); // the skipped empty cell keeps its column
    }

    [Fact]
    public void Shared_strings_numbers_booleans_and_date_styles_are_converted()
    {
        using var reader = FollowerFileReader.Open(new ForwardOnlyStream(BuildTypedWorkbook()));
        var row = Assert.Single(reader.ReadRows());

        Assert.Equal(["openid", "nickname", "subscribed", "subscribeTime", "score", "joined", "生日", "call", "inline"], reader.Header);
        Assert.Equal(5, row.RowNumber); // taken from the sheet, not counted
        Assert.Equal("oShared", row.Cells[0]);
        Assert.Equal("富文本", row.Cells[1]); // rich text runs joined
        Assert.Equal("true", row.Cells[2]);
        Assert.Equal("2024-03-01T14:30:00", row.Cells[3]); // built-in format 22 (date + time)
        Assert.Equal("12.5", row.Cells[4]); // plain number stays raw
        Assert.Equal("2024-03-01", row.Cells[5]); // built-in format 14 (date)
        Assert.Equal("1990-05-20", row.Cells[6]); // custom yyyy"年"m"月"d"日"
        Assert.Equal("13800138000", row.Cells[7]);
        Assert.Equal("内联", row.Cells[8]);
    }

    [Fact]
    public void A_corrupt_zip_is_a_clear_error()
    {
        var bytes = new byte[] { (byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8 };

        var error = Assert.Throws<FollowerImportException>(() => FollowerFileReader.Open(new MemoryStream(bytes)));

        Assert.Contains("not a valid .xlsx", error.Message);
    }

    [Theory]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"", true, false)]
    [InlineData("h:mm AM/PM", false, true)]
    [InlineData("[$-804]yyyy/m/d h:mm", true, true)]
    [InlineData("#,##0.00\"元\"", false, false)]
    [InlineData("0.00E+00", false, false)]
    [InlineData("General", false, false)]
    public void Custom_number_formats_are_classified(string code, bool date, bool time)
    {
        var parts = XlsxDateStyles.PartsOf(code);

        Assert.Equal(date, parts.HasFlag(DateParts.Date));
        Assert.Equal(time, parts.HasFlag(DateParts.Time));
    }

    private static MemoryStream BuildTypedWorkbook()
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("openid")),
                new SharedStringItem(new Text("oShared")),
                new SharedStringItem(new Run(new Text("富")), new Run(new Text("文本"))));

            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }),
                new CellFormats(
                    new CellFormat { NumberFormatId = 0 },
                    new CellFormat { NumberFormatId = 22 },
                    new CellFormat { NumberFormatId = 14 },
                    new CellFormat { NumberFormatId = 164 }));

            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(
                    Shared("A3", 0), Text("B3", "nickname"), Text("C3", "subscribed"), Text("D3", "subscribeTime"),
                    Text("E3", "score"), Text("F3", "joined"), Text("G3", "生日"), Text("H3", "call"), Text("I3", "inline"))
                { RowIndex = 3 },
                new Row { RowIndex = 4 }, // an empty row Excel sometimes leaves behind
                new Row(
                    Shared("A5", 1),
                    Shared("B5", 2),
                    new Cell { CellReference = "C5", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                    Number("D5", "45352.604166666664", 1),
                    Number("E5", "12.5", 0),
                    Number("F5", "45352", 2),
                    Number("G5", "33013", 3),
                    Number("H5", "13800138000", 0),
                    new Cell { CellReference = "I5", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("内联")) })
                { RowIndex = 5 }));

            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "S", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }

        stream.Position = 0;
        return stream;

        static Cell Shared(string reference, int index) =>
            new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

        static Cell Text(string reference, string text) =>
            new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

        static Cell Number(string reference, string value, uint style) =>
            new() { CellReference = reference, CellValue = new CellValue(value), StyleIndex = style };
    }
}
