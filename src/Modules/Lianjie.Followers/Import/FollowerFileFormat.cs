namespace Lianjie.Followers.Import;

public enum FollowerFileFormat
{
    Csv,
    Xlsx,
}
