namespace Lianjie.Core.Security;

/// <summary>Setup and the CLI create the first administrator through this (the Users module implements it).</summary>
public interface IAdminAccountCreator
{
    Task CreateAdministratorAsync(string userName, string password, string? email, CancellationToken cancellationToken = default);
}

/// <summary>Issues API keys; the plain key is returned once and only its hash is stored.</summary>
public interface IApiKeyIssuer
{
    Task<IssuedApiKey> CreateAsync(string name, string role, string createdBy, CancellationToken cancellationToken = default);
}

public sealed record IssuedApiKey(long Id, string Name, string Key);
