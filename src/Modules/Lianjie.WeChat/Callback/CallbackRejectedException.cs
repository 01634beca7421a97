namespace Lianjie.WeChat.Callback;

/// <summary>A callback we refuse: answered with <see cref="StatusCode"/> (always 4xx) and logged with <see cref="Reason"/>.</summary>
public sealed class CallbackRejectedException(int statusCode, string reason, Exception? innerException = null)
    : Exception(reason, innerException)
{
    public int StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;
}
