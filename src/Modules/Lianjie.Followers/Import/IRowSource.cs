using System.Text;

namespace Lianjie.Followers.Import;

/// <summary>One file format's way of producing rows; the header is simply the first row it yields.</summary>
internal interface IRowSource : IDisposable
{
    /// <summary>The CSV text encoding; null for workbooks.</summary>
    Encoding? Encoding { get; }

    long BytesRead { get; }

    long? TotalBytes { get; }

    /// <summary>Non-blank rows in file order, header included. Enumerated once.</summary>
    IEnumerable<RawRow> Rows();
}
