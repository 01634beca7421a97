using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

public class CsvReadingTests
{
    private static List<RawRow> Rows(string csv, out IReadOnlyList<string> header)
    {
        using var reader = FollowerFileReader.Open(TestFiles.Utf8(csv));
        header = reader.Header;
        return [.. reader.ReadRows()];
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_newlines_and_row_numbers_follow_records()
    {
        var csv = "openid,nickname,remark\r\n"
            + "o1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n"
            + "o2,\"two\nlines\",x\n"
            + "o3,plain,\"a\r\nb\"\n";

        var rows = Rows(csv, out var header);

        Assert.Equal(["openid", "nickname", "remark"], header);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["o1", "Smith, John", "said \"hi\""], rows[0].Cells);
        Assert.Equal(["o2", "two\nlines", "x"], rows[1].Cells);
        Assert.Equal("a\r\nb", rows[2].Cells[2]);
        Assert.Equal([2, 3, 4], rows.Select(r => r.RowNumber)); // a quoted newline does not start a new row
    }

    [Fact]
    public void Lf_and_crlf_line_endings_and_missing_final_newline_give_the_same_rows()
    {
        var lf = Rows("openid,nickname\no1,a\no2,b", out _);
        var crlf = Rows("openid,nickname\r\no1,a\r\no2,b\r\n", out _);

        Assert.Equal(lf.Select(r => string.Join("|", r.Cells)), crlf.Select(r => string.Join("|", r.Cells)));
        Assert.Equal(["o1|a", "o2|b"], lf.Select(r => string.Join("|", r.Cells)));
    }

    [Fact]
    public void Blank_lines_are_skipped_but_still_count_as_rows()
    {
        var rows = Rows("openid\n\no1\n,\no2\n", out _);

        Assert.Equal([(3, "o1"), (5, "o2")], rows.Select(r => (r.RowNumber, r.Cells[0])));
    }

    [Fact]
    public void Header_cells_are_trimmed()
    {
        Rows(" openid ,\tnickname\n", out var header);

        Assert.Equal(["openid", "nickname"], header);
    }

    [Fact]
    public void Empty_file_and_unclosed_quote_are_clear_errors()
    {
        Assert.Contains("no header", Assert.Throws<FollowerImportException>(() => Rows("", out _)).Message);

        var error = Assert.Throws<FollowerImportException>(() => Rows("openid,nickname\no1,\"never closed\n", out _));
        Assert.Contains("row 2", error.Message);
    }

    [Fact]
    public void Non_seekable_streams_are_read_with_sniffing()
    {
        using var reader = FollowerFileReader.Open(new ForwardOnlyStream(TestFiles.Utf8("openid\no1\n", withBom: true)));

        Assert.Equal(FollowerFileFormat.Csv, reader.Format);
        Assert.Equal("o1", Assert.Single(reader.ReadRows()).Cells[0]);
    }

    [Fact]
    public void Progress_reports_rows_and_bytes()
    {
        var csv = "openid\n" + string.Concat(Enumerable.Range(0, 2500).Select(i => $"o{i}\n"));
        var stream = TestFiles.Utf8(csv);
        var reports = new List<ImportProgress>();
        using var reader = FollowerFileReader.Open(stream, progress: new SynchronousProgress(reports.Add));

        _ = reader.ReadRows().Count();

        Assert.Equal([1000L, 2000L, 2500L], reports.Select(r => r.RowsRead));
        Assert.All(reports, r => Assert.Equal(stream.Length, r.TotalBytes));
        Assert.Equal(stream.Length, reports[^1].BytesRead);
    }

    [Fact]
    public void Rows_can_only_be_enumerated_once()
    {
        using var reader = FollowerFileReader.Open(TestFiles.Utf8("openid\no1\n"));
        _ = reader.ReadRows();

        Assert.Throws<InvalidOperationException>(() => reader.ReadRows());
    }
}

/// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and immediately.</summary>
internal sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
{
    public void Report(ImportProgress value) => report(value);
}
