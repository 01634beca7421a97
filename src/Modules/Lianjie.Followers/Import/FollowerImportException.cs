namespace Lianjie.Followers.Import;

/// <summary>
/// The import cannot start or continue as a whole (unreadable file, unknown encoding, bad column map).
/// The message is written for the person importing and is safe to show as is.
/// </summary>
public sealed class FollowerImportException : Exception
{
    public FollowerImportException(string message)
        : base(message)
    {
    }

    public FollowerImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
