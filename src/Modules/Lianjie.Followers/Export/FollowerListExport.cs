using Lianjie.Followers.Models;
using Lianjie.Followers.Search;
using Lianjie.Followers.Services;

namespace Lianjie.Followers.Export;

/// <summary>Writes a follower list (the current filter) as CSV or .xlsx; cells are formula-neutralised by the writers.</summary>
public static class FollowerListExport
{
    public static readonly IReadOnlyList<string> FixedColumns = ["id", "openid", "unionid", "appid", "nickname", "remark", "subscribed", "tags", "firstSource", "firstSeenUtc", "lastSeenUtc", "reads", "shares", "registrations", "purchases", "purchaseAmount"];

    public static bool IsExcel(string fileNameOrFormat) =>
        fileNameOrFormat.EndsWith("xlsx", StringComparison.OrdinalIgnoreCase) || fileNameOrFormat.Equals("excel", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes every follower; profile fields become columns (those of the first 1,000 rows, in order of appearance).</summary>
    public static async Task<long> WriteAsync(Stream output, bool excel, IAsyncEnumerable<FollowerRecord> followers, bool masked, CancellationToken cancellationToken)
    {
        var buffered = new List<FollowerRecord>();
        await using var enumerator = followers.GetAsyncEnumerator(cancellationToken);
        var more = true;
        while (buffered.Count < 1000 && (more = await enumerator.MoveNextAsync()))
        {
            buffered.Add(enumerator.Current);
        }

        var profileColumns = buffered.SelectMany(f => FollowerSearchDocuments.ProfileFields(f.Profile).Keys).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<string> header = [.. FixedColumns, .. profileColumns];
        using var excelWriter = excel ? new FollowerXlsxWriter(output, header, leaveOpen: true) : null;
        await using var csvWriter = excel ? null : new FollowerCsvWriter(output, header, leaveOpen: true);
        long count = 0;

        void Write(FollowerRecord f)
        {
            var profile = FollowerSearchDocuments.ProfileFields(f.Profile);
            if (masked)
            {
                profile = PersonalDataMask.Profile(profile);
            }

            var inv = System.Globalization.CultureInfo.InvariantCulture;
            string?[] cells =
            [
                f.Id.ToString(inv), f.OpenId, f.UnionId, f.AccountId, masked ? PersonalDataMask.Name(f.Nickname) : f.Nickname, masked ? null : f.Remark,
                f.Subscribed ? "true" : "false", string.Join(",", Reactors.TagSet.Parse(f.Tags)), f.FirstSource,
                f.FirstSeenUtc.ToString("yyyy-MM-dd HH:mm:ss", inv), f.LastSeenUtc.ToString("yyyy-MM-dd HH:mm:ss", inv),
                f.Reads.ToString(inv), f.Shares.ToString(inv), f.Registrations.ToString(inv), f.Purchases.ToString(inv), f.PurchaseAmount.ToString(inv),
                .. profileColumns.Select(c => profile.GetValueOrDefault(c)),
            ];
            if (excelWriter is not null)
            {
                excelWriter.WriteRow(cells);
            }
            else
            {
                csvWriter!.WriteRow(cells);
            }

            count++;
        }

        foreach (var f in buffered)
        {
            Write(f);
        }

        while (more && await enumerator.MoveNextAsync())
        {
            Write(enumerator.Current);
        }

        return count;
    }
}
