using System.Text;
using Lianjie.Followers.Export;
using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Export;

public class FormulaInjectionTests
{
    private static readonly string[] Dangerous = ["=1+1", "+x", "-x", "@x", "\tx", "\rx"];

    [Fact]
    public void Dangerous_leading_characters_get_a_quote_and_others_do_not()
    {
        Assert.Equal(["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx"], Dangerous.Select(FormulaInjection.Neutralise));
        Assert.Equal("a=1", FormulaInjection.Neutralise("a=1"));
        Assert.Equal("张三", FormulaInjection.Neutralise("张三"));
        Assert.Equal("", FormulaInjection.Neutralise(null));
    }

    [Fact]
    public void Csv_export_is_utf8_with_bom_and_neutralised()
    {
        var output = new MemoryStream();
        using (var writer = new FollowerCsvWriter(output, ["openid", "nickname"], leaveOpen: true))
        {
            foreach (var cell in Dangerous)
            {
                writer.WriteRow(["o1", cell]);
            }

            writer.WriteRow(["o2", "张三"]);
        }

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, output.ToArray()[..3]);
        output.Position = 0;
        using var reader = FollowerFileReader.Open(output);
        var nicknames = reader.ReadRows().Select(r => r.Cells[1]).ToList();

        Assert.Equal(["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx", "张三"], nicknames);
    }

    [Fact]
    public void Xlsx_export_is_neutralised()
    {
        var output = new MemoryStream();
        using (var writer = new FollowerXlsxWriter(output, ["openid", "nickname"], leaveOpen: true))
        {
            foreach (var cell in Dangerous)
            {
                writer.WriteRow(["o1", cell]);
            }
        }

        output.Position = 0;
        using var reader = FollowerFileReader.Open(output, FollowerFileFormat.Xlsx);

        Assert.Equal(["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx"], reader.ReadRows().Select(r => r.Cells[1]));
    }

    [Fact]
    public void Xlsx_export_to_a_forward_only_stream_keeps_control_characters_and_escape_lookalikes()
    {
        var buffer = new MemoryStream();
        using (var writer = new FollowerXlsxWriter(new ForwardOnlyStream(buffer), ["openid", "nickname"]))
        {
            writer.WriteRow(["o1", "bad\u0001name\r\n_x0041_"]);
            Assert.Equal(1, writer.RowsWritten);
        }

        using var reader = FollowerFileReader.Open(new MemoryStream(buffer.ToArray()));

        Assert.Equal("bad\u0001name\r\n_x0041_", Assert.Single(reader.ReadRows()).Cells[1]);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Column_names_follow_excel_lettering(int index, string expected)
    {
        Assert.Equal(expected, FollowerXlsxWriter.ColumnName(index));
        Assert.Equal(index, XlsxRowSource.ColumnIndex(expected + "7"));
    }

    [Fact]
    public void Csv_quotes_cells_with_commas_quotes_and_newlines()
    {
        var output = new MemoryStream();
        using (var writer = new FollowerCsvWriter(output, ["a"], leaveOpen: true))
        {
            writer.WriteRow(["x,y", "say \"hi\"", "two\nlines", "plain"]);
        }

        var text = Encoding.UTF8.GetString(output.ToArray()[3..]);

        Assert.Equal("a\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",plain\r\n", text);
    }
}
