namespace Lianjie.WeChat.Simulator.Models;

/// <summary>A user as the simulated platform knows them: per account, by openid.</summary>
public sealed class SimFollower
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public string? UnionId { get; set; }

    public bool Subscribed { get; set; }

    public DateTime? SubscribeTimeUtc { get; set; }

    /// <summary>The QR scene of the last subscribe, as user/info reports it.</summary>
    public string? Scene { get; set; }

    public string? Remark { get; set; }
}

public sealed class SimTag
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>WeChat reserves 0, 1 and 2; created tags start above them.</summary>
    public long TagId => Id + 100;
}

public sealed class SimFollowerTag
{
    public string AppId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public long TagId { get; set; }
}

/// <summary>An access token or JS-SDK ticket the simulator issued.</summary>
public sealed class SimToken
{
    public string Value { get; set; } = string.Empty;

    public string AppId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public DateTime IssuedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }
}

public sealed class SimOAuthCode
{
    public string Code { get; set; } = string.Empty;

    public string AppId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public DateTime ExpiresUtc { get; set; }

    public DateTime? UsedUtc { get; set; }
}

/// <summary>Anything sent through the simulated platform: custom, template and mass messages, menus, QR codes.</summary>
public sealed class SimOutbound
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public string Api { get; set; } = string.Empty;

    public string? ToUser { get; set; }

    public string Body { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }
}
