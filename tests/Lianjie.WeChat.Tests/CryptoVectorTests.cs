using System.Text;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Tests;

/// <summary>Every entry of vectors.json "crypto_vectors", checked field by field.</summary>
public sealed class CryptoVectorTests
{
    public static TheoryData<string> CryptoVectorIds => Fixtures.VectorIds("crypto_vectors");

    [Fact]
    public void All_crypto_vectors_are_loaded()
    {
        // SOURCES.md documents 8 crypto vectors; guards against the theory silently running on nothing.
        Assert.Equal(8, CryptoVectorIds.Count<object[]>());
    }

    [Theory]
    [MemberData(nameof(CryptoVectorIds))]
    public void Crypto_vector_matches(string id)
    {
        var v = Fixtures.Vector("crypto_vectors", id);
        var key = v.Text("encoding_aes_key");
        var appId = v.Text("receive_id");
        var token = v.Text("token");

        // The encrypted payload this vector is about (ours to reproduce, a request body, or a WeCom echostr)
        // and the message inside it.
        var encrypt = v.OptionalText("expected_encrypt") ?? v.OptionalText("encrypt") ?? v.Child("query").Text("echostr");
        var plaintext = v.OptionalText("plaintext") ?? v.OptionalText("expected_plaintext") ?? v.Text("expected_echo_plaintext");

        if (v.Has("fixed_random_16B"))
        {
            var cipher = FixedCipher(key, v.Text("fixed_random_16B"));
            Assert.Equal(encrypt, cipher.Encrypt(plaintext, appId));
        }

        if (v.Has("derived_random_16B"))
        {
            // Re-sealing the plaintext with the random recovered from the sample must give the sample's bytes.
            var cipher = FixedCipher(key, v.Text("derived_random_16B"));
            Assert.Equal(encrypt, cipher.Encrypt(plaintext, appId));
        }

        var decrypted = new WeChatMessageCipher(key).Decrypt(encrypt, expectedAppId: appId);
        Assert.Equal(plaintext, decrypted.Message);
        Assert.Equal(appId, decrypted.AppId);

        if (v.Has("reply_timestamp"))
            AssertReplyEnvelope(v, token, encrypt, plaintext, key, appId);

        if (v.Has("query"))
            AssertInboundQuery(v.Child("query"), v, token, key, appId, encrypt);

        if (v.Has("query_for_inbound_use"))
            AssertInboundQuery(v.Child("query_for_inbound_use"), v, token, key, appId, encrypt);

        if (v.Has("request_body_xml"))
        {
            var envelope = WeChatEncryptedEnvelope.Parse(v.Text("request_body_xml"));
            Assert.Equal(encrypt, envelope.Encrypt);
        }

        AssertDerivedSizes(v, encrypt, plaintext, appId);
        v.AssertAllUsed();
    }

    internal static WeChatMessageCipher FixedCipher(string encodingAesKey, string random16) =>
        new(encodingAesKey, span => Encoding.ASCII.GetBytes(random16).CopyTo(span));

    private static void AssertReplyEnvelope(VectorReader v, string token, string encrypt, string plaintext, string key, string appId)
    {
        var timestamp = v.Text("reply_timestamp");
        var nonce = v.Text("reply_nonce");
        var signature = v.OptionalText("expected_msg_signature") ?? v.Text("derived_msg_signature");
        var replyXml = v.OptionalText("expected_reply_xml") ?? v.Text("derived_reply_xml");

        Assert.Equal(signature, WeChatSignature.ForMessage(token, timestamp, nonce, encrypt));
        Assert.Equal(replyXml, WeChatReplyWriter.EncryptedEnvelope(encrypt, signature, long.Parse(timestamp), nonce));

        var cipher = FixedCipher(key, v.Text("fixed_random_16B"));
        Assert.Equal(replyXml, WeChatReplyWriter.Encrypted(plaintext, cipher, token, appId, long.Parse(timestamp), nonce));
    }

    private static void AssertInboundQuery(VectorReader query, VectorReader v, string token, string key, string appId, string encrypt)
    {
        var timestamp = query.Text("timestamp");
        var nonce = query.Text("nonce");
        Assert.Equal("aes", query.OptionalText("encrypt_type") ?? "aes");

        if (query.Has("echostr"))
        {
            // WeCom URL verification: msg_signature covers the echostr, which decrypts to the reply body.
            var echostr = query.Text("echostr");
            Assert.True(WeChatSignature.VerifyMessage(token, timestamp, nonce, echostr, query.Text("msg_signature")));
            Assert.Equal(v.Text("expected_echo_plaintext"), new WeChatMessageCipher(key).Decrypt(echostr, appId).Message);

            var negative = v.Child("negative_case");
            Assert.Equal("signature mismatch", negative.Text("expected"));
            Assert.False(WeChatSignature.VerifyMessage(token, timestamp, negative.Text("nonce"), echostr, query.Text("msg_signature")));
            negative.AssertAllUsed();
        }
        else
        {
            var msgSignature = query.Text("msg_signature");
            Assert.Equal(msgSignature, WeChatSignature.ForMessage(token, timestamp, nonce, encrypt));
            Assert.True(WeChatSignature.VerifyMessage(token, timestamp, nonce, encrypt, msgSignature));
        }

        if (query.Has("signature"))
            Assert.True(WeChatSignature.VerifyCallback(token, timestamp, nonce, query.Text("signature")));

        query.AssertAllUsed();
    }

    private static void AssertDerivedSizes(VectorReader v, string encrypt, string message, string appId)
    {
        var cipherBytes = Convert.FromBase64String(encrypt).Length;
        var msgLen = Encoding.UTF8.GetByteCount(message);
        Assert.Equal(v.Number("derived_msg_len"), msgLen);
        Assert.Equal(v.Number("derived_ciphertext_bytes"), cipherBytes);
        Assert.Equal(v.Number("derived_pkcs7_pad_value"), cipherBytes - 20 - msgLen - Encoding.UTF8.GetByteCount(appId));
    }
}
