using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Lianjie.WeChat.Messages;

/// <summary>
/// Parses WeChat callback bodies with a hardened XML reader: no DTDs (blocks XXE and entity
/// expansion bombs), no external resolution, and a hard size cap.
/// </summary>
public static class WeChatXmlParser
{
    /// <summary>Largest callback body we accept. Real WeChat callbacks are a few KB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(false);

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>Throws <see cref="WeChatXmlException"/> when a body of <paramref name="byteCount"/> bytes is over the cap.</summary>
    public static void EnsureBodySize(long byteCount)
    {
        if (byteCount > MaxBodyBytes)
            throw new WeChatXmlException(WeChatXmlError.BodyTooLarge,
                $"Callback body is {byteCount} bytes; the limit is {MaxBodyBytes}.");
    }

    /// <summary>
    /// Reads a request body as UTF-8, stopping (and throwing) as soon as it exceeds
    /// <see cref="MaxBodyBytes"/> so a huge upload is never buffered whole.
    /// </summary>
    public static async Task<string> ReadBodyAsync(Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        // Pooled: a fresh 64 KB buffer per callback was most of the callback path's allocation (and its GCs).
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var total = 0;
            int read;
            while (total <= MaxBodyBytes
                && (read = await body.ReadAsync(buffer.AsMemory(total, MaxBodyBytes + 1 - total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            EnsureBodySize(total);
            return Utf8.GetString(buffer, 0, total).TrimStart('\uFEFF');
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a plaintext (or decrypted) message/event body.</summary>
    public static WeChatInboundMessage Parse(string xml)
    {
        var root = LoadRoot(xml);
        return WeChatInboundMessage.FromFields(Flatten(root), xml);
    }

    /// <summary>Loads the body safely and returns its &lt;xml&gt; root element.</summary>
    public static XElement LoadRoot(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        EnsureBodySize(Encoding.UTF8.GetByteCount(xml));
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
            document = XDocument.Load(reader);
        }
        catch (XmlException ex) when (DeclaresDtd(xml))
        {
            throw new WeChatXmlException(WeChatXmlError.DtdProhibited,
                "DOCTYPE/ENTITY declarations are not allowed in WeChat callbacks.", ex);
        }
        catch (XmlException ex)
        {
            throw new WeChatXmlException(WeChatXmlError.Malformed, $"Callback body is not well-formed XML: {ex.Message}", ex);
        }

        var root = document.Root!;
        if (root.Name.LocalName != "xml")
            throw new WeChatXmlException(WeChatXmlError.UnexpectedRoot,
                $"Expected root element <xml>, got <{root.Name.LocalName}>.");
        return root;
    }

    /// <summary>
    /// Flattens every leaf element to a dotted path ("ScanCodeInfo.ScanType"). Siblings sharing a
    /// name get zero-based indexes ("SubscribeMsgPopupEvent.List[1].TemplateId") so nothing is lost.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Flatten(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        AddChildren(root, prefix: "", fields);
        return fields;
    }

    private static void AddChildren(XElement parent, string prefix, Dictionary<string, string> fields)
    {
        var counts = parent.Elements().GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<string, int>();
        foreach (var child in parent.Elements())
        {
            var name = child.Name.LocalName;
            var index = seen.GetValueOrDefault(name);
            seen[name] = index + 1;
            var segment = counts[name] > 1 ? string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]") : name;
            var path = prefix.Length == 0 ? segment : prefix + "." + segment;
            if (child.HasElements)
                AddChildren(child, path, fields);
            else
                fields[path] = child.Value;
        }
    }

    private static bool DeclaresDtd(string xml) =>
        xml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
        || xml.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase);
}
