using System.Text;
using Lianjie.Followers.Export;
using Lianjie.Followers.Import;

namespace Lianjie.Followers.Tests.Import;

[Collection(MemoryMeasurement.Name)]
public class StreamingTests
{
    private const int RowCount = 200_000;

    [Fact]
    public void A_200k_row_csv_streams_with_flat_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lianjie-stream-{Guid.NewGuid():N}.csv");
        try
        {
            using (var file = new StreamWriter(path, false, new UTF8Encoding(true)))
            {
                file.Write("openid,昵称,标签,关注时间,手机\n");
                for (var i = 0; i < RowCount; i++)
                {
                    file.Write($"oUser{i:D22},用户{i},\"VIP,新客户\",2024/3/1 12:00,138{i:D8}\n");
                }
            }

            Assert.True(new FileInfo(path).Length > 15_000_000); // big enough that holding it would show

            var before = GC.GetTotalMemory(forceFullCollection: true); // before Open: loading the file up front must show too
            using var reader = FollowerFileReader.Open(path);
            var validator = new FollowerRowValidator(FollowerColumnMap.FromHeader(reader.Header));
            long count = 0, valid = 0, peakGrowth = 0;
            foreach (var row in reader.ReadRows())
            {
                count++;
                if (validator.Validate(row).IsValid)
                {
                    valid++;
                }

                if (count % 50_000 == 0)
                {
                    peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - before);
                }
            }

            Assert.Equal(RowCount, count);
            Assert.Equal(RowCount, valid);
            Assert.True(peakGrowth < 4 * 1024 * 1024, $"heap grew by {peakGrowth:N0} bytes while streaming");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_large_xlsx_streams_with_flat_memory()
    {
        const int rows = 50_000;
        var path = Path.Combine(Path.GetTempPath(), $"lianjie-stream-{Guid.NewGuid():N}.xlsx");
        try
        {
            using (var writer = new FollowerXlsxWriter(File.Create(path), ["openid", "昵称", "标签"]))
            {
                for (var i = 0; i < rows; i++)
                {
                    writer.WriteRow([$"oUser{i:D22}", $"用户{i}", "VIP、新客户"]);
                }
            }

            var before = GC.GetTotalMemory(forceFullCollection: true);
            using var reader = FollowerFileReader.Open(path);
            long count = 0, peakGrowth = 0;
            foreach (var row in reader.ReadRows())
            {
                count++;
                if (count % 10_000 == 0)
                {
                    peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - before);
                }
            }

            Assert.Equal(rows, count);
            Assert.True(peakGrowth < 8 * 1024 * 1024, $"heap grew by {peakGrowth:N0} bytes while streaming");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
