using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Lianjie.Search.Index;

/// <summary>
/// Makes Chinese searchable without a dictionary segmenter: the standard tokenizer emits each Han
/// character on its own, and the bigram filter adds overlapping pairs while keeping the single
/// characters, so a one-character query (a surname) and any substring of two or more characters
/// (a given name, a city) both find indexed terms. Latin text is word-tokenised and lower-cased.
/// </summary>
internal sealed class FollowerTextAnalyzer : Analyzer
{
    internal static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Keeps phrases from matching across two values of a multi-valued field (e.g. nickname then city).
    private const int ValueGap = 100;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream, CJKScript.ALL, outputUnigrams: true);
        return new TokenStreamComponents(tokenizer, stream);
    }

    public override int GetPositionIncrementGap(string fieldName) => ValueGap;
}
