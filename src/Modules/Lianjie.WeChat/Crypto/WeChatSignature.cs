using System.Security.Cryptography;
using System.Text;

namespace Lianjie.WeChat.Crypto;

/// <summary>
/// The SHA-1 signatures WeChat uses: the plain callback <c>signature</c>, the encrypted-mode
/// <c>msg_signature</c> and the JS-SDK <c>signature</c>. All return lowercase hex.
/// </summary>
public static class WeChatSignature
{
    /// <summary>SHA-1 over the ordinal-sorted concatenation of <paramref name="parts"/> (duplicates kept).</summary>
    public static string ComputeSorted(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Sha1Hex(string.Concat(sorted));
    }

    /// <summary><c>signature</c> query parameter of every callback (GET verification and POST).</summary>
    public static string ForCallback(string token, string timestamp, string nonce) =>
        ComputeSorted(token, timestamp, nonce);

    /// <summary><c>msg_signature</c> for encrypted callbacks and encrypted replies.</summary>
    public static string ForMessage(string token, string timestamp, string nonce, string encrypt) =>
        ComputeSorted(token, timestamp, nonce, encrypt);

    /// <summary>JS-SDK <c>wx.config</c> signature. The URL's #fragment is not signed.</summary>
    public static string ForJsSdk(string jsapiTicket, string nonceStr, string timestamp, string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var signedUrl = hash < 0 ? url : url[..hash];
        return Sha1Hex($"jsapi_ticket={jsapiTicket}&noncestr={nonceStr}&timestamp={timestamp}&url={signedUrl}");
    }

    public static bool VerifyCallback(string token, string timestamp, string nonce, string? signature) =>
        Verify(ForCallback(token, timestamp, nonce), signature);

    public static bool VerifyMessage(string token, string timestamp, string nonce, string encrypt, string? msgSignature) =>
        Verify(ForMessage(token, timestamp, nonce, encrypt), msgSignature);

    /// <summary>
    /// Constant-time comparison of two hex signatures (case-insensitive), so response timing
    /// does not reveal how many leading characters of a forged signature were right.
    /// </summary>
    public static bool Verify(string expectedHex, string? providedHex)
    {
        ArgumentNullException.ThrowIfNull(expectedHex);
        if (providedHex is null)
            return false;
        var expected = Encoding.ASCII.GetBytes(expectedHex.ToLowerInvariant());
        var provided = Encoding.ASCII.GetBytes(providedHex.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, provided);
    }

    private static string Sha1Hex(string text)
    {
        // SHA-1 is mandated by the WeChat protocol; it is not our choice of hash.
#pragma warning disable CA5350
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(hash);
    }
}
