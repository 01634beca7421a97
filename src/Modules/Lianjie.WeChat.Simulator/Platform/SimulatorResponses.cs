using System.Text.Json.Nodes;

namespace Lianjie.WeChat.Simulator.Platform;

/// <summary>The platform's JSON answers: errcode/errmsg as WeChat spells them.</summary>
internal static class SimulatorResponses
{
    public static JsonObject Ok(string message = "ok") => new() { ["errcode"] = 0, ["errmsg"] = message };

    public static JsonObject Error(int code) => new() { ["errcode"] = code, ["errmsg"] = Message(code) };

    private static string Message(int code) => code switch
    {
        -1 => "system error",
        40001 => "invalid credential, access_token is invalid or not latest",
        40002 => "invalid grant_type",
        40003 => "invalid openid",
        40013 => "invalid appid",
        40016 => "invalid button size",
        40017 => "invalid button type",
        40018 => "invalid button name size",
        40019 => "invalid button key size",
        40020 => "invalid button url size",
        40023 => "invalid sub button size",
        40024 => "invalid sub button type",
        40025 => "invalid sub button name size",
        40026 => "invalid sub button key size",
        40027 => "invalid sub button url size",
        40054 => "invalid sub button url domain",
        40055 => "invalid button url domain",
        40165 => "invalid weapp pagepath",
        46003 => "menu no exist",
        40029 => "invalid code",
        40035 => "invalid args",
        40032 => "invalid openid list size",
        40130 => "invalid openid list size, at least two openid",
        40125 => "invalid appsecret",
        40163 => "code been used",
        41001 => "access_token missing",
        42001 => "access_token expired",
        43004 => "require subscribe",
        44002 => "empty post data",
        45009 => "reach max api daily quota limit",
        45011 => "api minute-quota reach limit, mustslower retry next minute",
        45056 => "too many tags",
        45057 => "can't delete the tag that has too many fans",
        45058 => "can't modify sys tag",
        45059 => "exceed max tag num per user",
        45157 => "invalid tag name, name conflict",
        45158 => "tag name too long",
        45159 => "invalid tag id",
        47001 => "data format error",
        48001 => "api unauthorized",
        _ => "error",
    };
}
