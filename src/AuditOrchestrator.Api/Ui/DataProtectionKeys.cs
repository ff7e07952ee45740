using System.Xml.Linq;
using AuditOrchestrator.Api.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// Keeps the data-protection key ring in PostgreSQL, so every node reads the cookies the others wrote. With
/// <c>Auth__DataProtectionKey</c> set, the keys are stored encrypted with it (<see cref="ConfiguredKeyXmlEncryptor"/>): a
/// copy of the database alone cannot forge a session. Keys stored unencrypted before the key was set are dropped.
/// </summary>
public sealed class PostgresKeyRepository(NpgsqlDataSource dataSource, bool encrypted) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (encrypted)
        {
            using var purge = dataSource.CreateCommand("DELETE FROM data_protection_keys WHERE xml LIKE '%<masterKey%'");
            purge.ExecuteNonQuery();
        }
        using var command = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = dataSource.CreateCommand("INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}

public static class DataProtectionKeys
{
    public const string ApplicationName = "AuditOrchestrator";
    public const string KeySetting = "Auth:DataProtectionKey";
    public const int MinimumKeyLength = 32;

    public static IServiceCollection AddSharedDataProtectionKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o =>
            {
                var key = sp.GetRequiredService<IConfiguration>()[KeySetting];
                var encrypted = !string.IsNullOrEmpty(key);
                o.XmlRepository = new PostgresKeyRepository(sp.GetRequiredService<NpgsqlDataSource>(), encrypted);
                if (encrypted)
                {
                    o.XmlEncryptor = new ConfiguredKeyXmlEncryptor(key!);
                }
            }));
        return services;
    }

    /// <summary>The key is required outside the sandbox and Development, and must be long enough to be a key.</summary>
    public static void EnsureConfigured(IConfiguration configuration, IHostEnvironment environment, bool sandbox)
    {
        var key = configuration[KeySetting];
        if (string.IsNullOrEmpty(key))
        {
            if (!sandbox && !environment.IsDevelopment())
            {
                throw new StartupRefusedException(
                    "Auth__DataProtectionKey is not set: it encrypts the sign-in keys stored in the database and is required outside the sandbox " +
                    "(generate one with: openssl rand -base64 48).");
            }
            return;
        }
        if (key.Length < MinimumKeyLength)
        {
            throw new StartupRefusedException($"Auth__DataProtectionKey is shorter than {MinimumKeyLength} characters (generate one with: openssl rand -base64 48).");
        }
    }
}
