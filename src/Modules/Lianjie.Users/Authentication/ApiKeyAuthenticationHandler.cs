using System.Security.Claims;
using System.Text.Encodings.Web;
using Lianjie.Users.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lianjie.Users.Authentication;

/// <summary>Authenticates "Authorization: Bearer lj_..." and answers 401/403 as RFC 7807 problems.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var record = await keys.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (record is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"apikey:{record.Name}"),
                new Claim(ClaimTypes.NameIdentifier, $"apikey:{record.Id}"),
                new Claim(ClaimTypes.Role, record.Role),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", "Send a valid API key as 'Authorization: Bearer <key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "This API key's role lacks the permission this endpoint needs.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(Context);
    }
}
