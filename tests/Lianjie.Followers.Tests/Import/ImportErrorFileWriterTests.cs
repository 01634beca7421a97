using System.Text;
using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class ImportErrorFileWriterTests
{
    [Fact]
    public void Errors_are_written_as_utf8_bom_csv_with_the_original_cells()
    {
        var header = new[] { "openid", "昵称", "关注时间" };
        var row = new RawRow(5, ["", "张三, 李四", "=明天"]);
        var output = new MemoryStream();
        using (var writer = new ImportErrorFileWriter(output, header, leaveOpen: true))
        {
            writer.Write(row, [new ImportRowError(5, "openid", "openid or unionid is required"), new ImportRowError(5, "关注时间", "'=明天' is not a date")]);
            Assert.Equal(2, writer.ErrorsWritten);
        }

        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("row,column,reason,openid,昵称,关注时间", lines[0]);
        Assert.Equal("5,openid,openid or unionid is required,,\"张三, 李四\",'=明天", lines[1]);
        Assert.Equal("5,关注时间,'=明天' is not a date,,\"张三, 李四\",'=明天", lines[2]);
    }

    [Fact]
    public void Error_file_reads_back_through_the_importer()
    {
        var output = new MemoryStream();
        using (var writer = new ImportErrorFileWriter(output, ["openid", "标签"], leaveOpen: true))
        {
            writer.Write(new ImportRowError(3, "openid", "bad \"quoted\"\nreason"), ["o x", "a,b"]);
        }

        output.Position = 0;
        using var reader = FollowerFileReader.Open(output);
        var row = Assert.Single(reader.ReadRows());

        Assert.Equal(["row", "column", "reason", "openid", "标签"], reader.Header);
        Assert.Equal(["3", "openid", "bad \"quoted\"\nreason", "o x", "a,b"], row.Cells);
    }
}
