using System.Globalization;
using System.Text;
using Lianjie.Contents.Items;

namespace Lianjie.Contents.Parts;

/// <summary>
/// AutoroutePart slugs from titles.
/// Decision: letters and digits of every script are kept, so Chinese titles give Chinese slugs
/// ("肝病饮食指南" → "肝病饮食指南"). WeChat's browser and every server percent-encode UTF-8 paths,
/// and editors can read the slug. Everything else (spaces, punctuation, emoji) becomes a single
/// hyphen; Latin accents are dropped ("Café" → "cafe"); full-width forms are folded ("ＡＢＣ" → "abc").
/// A title with no letters or digits falls back to "item-" plus a short random id.
/// </summary>
public sealed class SlugGenerator(int maxLength = SlugGenerator.DefaultMaxLength, IdGenerator? idGenerator = null)
{
    public const int DefaultMaxLength = 80;
    public const string FallbackPrefix = "item-";
    private const int FallbackIdLength = 8;

    public int MaxLength { get; } = maxLength > 0 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength));

    /// <summary>Never empty: falls back to "item-xxxxxxxx" when the title has nothing usable.</summary>
    public string GenerateSlug(string? title)
    {
        var slug = Slugify(title);
        if (slug.Length > 0)
        {
            return slug;
        }

        // The tail of an id is its random part, so short fallbacks rarely collide.
        var id = (idGenerator ?? IdGenerator.Shared).GenerateId();
        return FallbackPrefix + id[^FallbackIdLength..];
    }

    /// <summary>The slug, or an empty string if the text has no letters or digits.</summary>
    public string Slugify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var folded = RemoveLatinAccents(text.Normalize(NormalizationForm.FormKC).ToLowerInvariant());
        var builder = new StringBuilder(folded.Length);
        var pendingHyphen = false;
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var keep = Rune.IsLetterOrDigit(rune)
                // Combining marks belong to the letter before them (Thai, Devanagari, kana voicing).
                || (builder.Length > 0 && !pendingHyphen && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
            if (!keep)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }

            if (pendingHyphen)
            {
                builder.Append('-');
                pendingHyphen = false;
            }

            builder.Append(rune.ToString());
        }

        return Truncate(builder.ToString(), MaxLength);
    }

    /// <summary>Cuts to at most <paramref name="maxLength"/> UTF-16 chars, at a hyphen when one is near, never inside a surrogate pair.</summary>
    internal static string Truncate(string slug, int maxLength)
    {
        if (slug.Length <= maxLength)
        {
            return slug;
        }

        var cut = maxLength;
        if (char.IsLowSurrogate(slug[cut]))
        {
            cut--;
        }

        var lastHyphen = slug.LastIndexOf('-', cut);
        if (lastHyphen > maxLength / 2)
        {
            cut = lastHyphen;
        }

        return slug[..cut].Trim('-');
    }

    private static string RemoveLatinAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var previousBase = '\0';
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && previousBase < '\u0250')
            {
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                previousBase = c;
            }

            builder.Append(c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
