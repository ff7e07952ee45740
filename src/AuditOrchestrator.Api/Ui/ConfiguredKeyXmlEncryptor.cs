using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// Encrypts each data-protection key's XML with AES-256-GCM under a key derived (HKDF-SHA256) from
/// <c>Auth__DataProtectionKey</c>. The stored element is <c>&lt;encryptedKey v="1"&gt;base64(nonce | tag | ciphertext)&lt;/encryptedKey&gt;</c>.
/// </summary>
public sealed class ConfiguredKeyXmlEncryptor(string secret) : IXmlEncryptor
{
    private readonly byte[] _key = ConfiguredKey.Derive(secret);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[ConfiguredKey.NonceSize + ConfiguredKey.TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, ConfiguredKey.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, ConfiguredKey.TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(ConfiguredKey.NonceSize + ConfiguredKey.TagSize), sealedBytes.AsSpan(ConfiguredKey.NonceSize, ConfiguredKey.TagSize));
        return new EncryptedXmlInfo(new XElement("encryptedKey", new XAttribute("v", 1), Convert.ToBase64String(sealedBytes)), typeof(ConfiguredKeyXmlDecryptor));
    }
}

/// <summary>Created by the data-protection system (it passes the service provider) to read a key back.</summary>
public sealed class ConfiguredKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var secret = services.GetRequiredService<IConfiguration>()[DataProtectionKeys.KeySetting];
        if (string.IsNullOrEmpty(secret))
        {
            throw new CryptographicException("A data-protection key is encrypted, but Auth__DataProtectionKey is not set.");
        }
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[sealedBytes.Length - ConfiguredKey.NonceSize - ConfiguredKey.TagSize];
        using var aes = new AesGcm(ConfiguredKey.Derive(secret), ConfiguredKey.TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, ConfiguredKey.NonceSize), sealedBytes.AsSpan(ConfiguredKey.NonceSize + ConfiguredKey.TagSize),
            sealedBytes.AsSpan(ConfiguredKey.NonceSize, ConfiguredKey.TagSize), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

internal static class ConfiguredKey
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static byte[] Derive(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes("AuditOrchestrator data-protection keys v1"));
}
