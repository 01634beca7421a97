using System.Security.Cryptography;
using System.Text;
using Lianjie.WeChat.Crypto;

namespace Lianjie.WeChat.Tests;

/// <summary>Every entry of vectors.json "signature_vectors" and "jssdk_vectors".</summary>
public sealed class SignatureVectorTests
{
    public static TheoryData<string> SignatureVectorIds => Fixtures.VectorIds("signature_vectors");
    public static TheoryData<string> JsSdkVectorIds => Fixtures.VectorIds("jssdk_vectors");

    [Fact]
    public void All_signature_vectors_are_loaded()
    {
        Assert.Equal(5, SignatureVectorIds.Count<object[]>());
        Assert.Equal(2, JsSdkVectorIds.Count<object[]>());
    }

    [Theory]
    [MemberData(nameof(SignatureVectorIds))]
    public void Signature_vector_matches(string id)
    {
        var v = Fixtures.Vector("signature_vectors", id);
        var expected = v.Text("expected");

        string actual;
        if (v.Has("parts"))
            actual = WeChatSignature.ComputeSorted(v.TextArray("parts"));
        else if (v.Has("encrypt"))
            actual = WeChatSignature.ForMessage(v.Text("token"), v.Text("timestamp"), v.Text("nonce"), v.Text("encrypt"));
        else
            actual = WeChatSignature.ForCallback(v.Text("token"), v.Text("timestamp"), v.Text("nonce"));

        Assert.Equal(expected, actual);
        Assert.True(WeChatSignature.Verify(actual, expected.ToUpperInvariant()));

        if (v.Has("negative"))
        {
            var negative = v.Child("negative");
            Assert.Equal("reject", negative.Text("expected"));
            Assert.False(WeChatSignature.Verify(actual, negative.Text("signature")));
            negative.AssertAllUsed();
        }

        v.AssertAllUsed();
    }

    [Theory]
    [MemberData(nameof(JsSdkVectorIds))]
    public void JsSdk_vector_matches(string id)
    {
        var v = Fixtures.Vector("jssdk_vectors", id);
        var ticket = v.Text("jsapi_ticket");
        var nonce = v.Text("noncestr");
        var timestamp = v.Text("timestamp");
        var url = v.Text("url");
        var expected = v.Text("expected_signature");

        Assert.Equal(expected, WeChatSignature.ForJsSdk(ticket, nonce, timestamp, url));
        // The page's #fragment is never part of the signed URL.
        Assert.Equal(expected, WeChatSignature.ForJsSdk(ticket, nonce, timestamp, url + "#/profile?tab=1"));
        // The documented string1 is what gets hashed.
        Assert.Equal(expected, Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(v.Text("string1")))));
        v.AssertAllUsed();
    }

    [Fact]
    public void Verify_rejects_one_character_change_and_missing_signature()
    {
        var signature = WeChatSignature.ForCallback("test", "1410685589", "test");
        var changed = signature[..^1] + (signature[^1] == '0' ? '1' : '0');

        Assert.True(WeChatSignature.Verify(signature, signature));
        Assert.False(WeChatSignature.Verify(signature, changed));
        Assert.False(WeChatSignature.Verify(signature, signature[..^1]));
        Assert.False(WeChatSignature.Verify(signature, null));
        Assert.False(WeChatSignature.VerifyCallback("test", "1410685589", "test", changed));
    }

    [Fact]
    public void Sorted_signature_is_order_independent_and_keeps_duplicates()
    {
        Assert.Equal(WeChatSignature.ComputeSorted("b", "a", "c"), WeChatSignature.ComputeSorted("c", "b", "a"));
        Assert.NotEqual(WeChatSignature.ComputeSorted("a", "a", "b"), WeChatSignature.ComputeSorted("a", "b"));
    }
}
