using System.Text;
using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class EncodingDetectionTests
{
    private const string Csv = "openid,昵称,标签\r\noA1,张三,新客户，老朋友\r\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf8_with_and_without_bom_decodes_chinese(bool withBom)
    {
        using var reader = FollowerFileReader.Open(TestFiles.Utf8(Csv, withBom), FollowerFileFormat.Csv);

        Assert.Equal("utf-8", reader.Encoding!.WebName);
        Assert.Equal(["openid", "昵称", "标签"], reader.Header); // BOM must not leak into "openid"
        var row = Assert.Single(reader.ReadRows());
        Assert.Equal(["oA1", "张三", "新客户，老朋友"], row.Cells);
    }

    [Fact]
    public void Gbk_bytes_are_detected_and_decoded()
    {
        var bytes = TestFiles.Bytes(Csv, TestFiles.Gb18030);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes.ToArray())); // really not UTF-8

        using var reader = FollowerFileReader.Open(bytes, FollowerFileFormat.Csv);

        Assert.Equal(54936, reader.Encoding!.CodePage);
        Assert.Equal(["openid", "昵称", "标签"], reader.Header);
        Assert.Equal(["oA1", "张三", "新客户，老朋友"], Assert.Single(reader.ReadRows()).Cells);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_with_bom_is_read(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        using var reader = FollowerFileReader.Open(TestFiles.Bytes(Csv, encoding, withBom: true), FollowerFileFormat.Csv);

        Assert.Equal(["openid", "昵称", "标签"], reader.Header);
        Assert.Equal("张三", Assert.Single(reader.ReadRows()).Cells[1]);
    }

    [Fact]
    public void Random_bytes_are_rejected_with_a_clear_message()
    {
        var bytes = new byte[10_000];
        new Random(42).NextBytes(bytes);

        var error = Assert.Throws<FollowerImportException>(() => FollowerFileReader.Open(new MemoryStream(bytes), FollowerFileFormat.Csv));

        Assert.Equal("file is not UTF-8 or GBK; save it as CSV UTF-8", error.Message);
    }

    [Fact]
    public void Utf8_split_at_the_end_of_the_sniffed_prefix_is_still_utf8()
    {
        // 20 ASCII bytes then 3-byte characters: 65,536 - 20 is not a multiple of 3, so the prefix ends mid-character.
        var nickname = new string('张', 30_000);
        using var reader = FollowerFileReader.Open(TestFiles.Utf8($"openid,nickname\no12,{nickname}\n"), FollowerFileFormat.Csv);

        Assert.Equal("utf-8", reader.Encoding!.WebName);
        Assert.Equal(nickname, Assert.Single(reader.ReadRows()).Cells[1]);
    }

    [Fact]
    public void Gbk_bytes_after_an_ascii_prefix_fail_loudly_instead_of_importing_garbage()
    {
        var ascii = "openid,nickname\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"o{i},n{i}\n"));
        var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes(ascii));
        stream.Write(TestFiles.Gb18030.GetBytes("oLast,张三\n"));
        stream.Position = 0;
        Assert.True(ascii.Length > CsvEncodingDetector.PrefixLength);

        using var reader = FollowerFileReader.Open(stream, FollowerFileFormat.Csv);
        var error = Assert.Throws<FollowerImportException>(() => reader.ReadRows().Count());

        Assert.Contains("not valid utf-8", error.Message);
    }

    [Fact]
    public void Old_xls_files_get_a_clear_message()
    {
        var xls = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0]);

        var error = Assert.Throws<FollowerImportException>(() => FollowerFileReader.Open(xls));

        Assert.Contains(".xls", error.Message);
    }
}
