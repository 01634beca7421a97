using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Lianjie.Search.Index;

/// <summary>
/// Turns a <see cref="FollowerSearchQuery"/> into Lucene queries. Queries are built from analyzed
/// tokens rather than parsed, so user input never reaches a query syntax and cannot throw.
/// </summary>
internal sealed class FollowerQueryTranslator(Analyzer analyzer)
{
    // Bounds the work one search box entry can cause.
    private const int MaxWords = 16;
    private const int MinPrefixLength = 2;

    private const float NicknameBoost = 2f;
    private const float ExactIdBoost = 4f;

    private static readonly char[] WordSeparators = [' ', '\t', '\r', '\n', '\u3000'];

    /// <summary>
    /// The whole search as one query: every text word must match (and scores), while tag and
    /// subscription restrictions are zero-weight required clauses, so they narrow without changing
    /// ranking and let Lucene skip straight to documents that carry the rare terms. When hits are
    /// sorted by last activity the score is never read, so the query leaves out the clauses that only
    /// rank (the nickname boost): at a million followers a broad word then costs one postings walk
    /// instead of a scored disjunction.
    /// </summary>
    /// <param name="reader">The index the query will run on: openid/unionid clauses are added only for
    /// terms it holds, so a word that is nobody's id does not turn into a disjunction.</param>
    public Query Translate(FollowerSearchQuery query, IndexReader reader)
    {
        var all = new BooleanQuery();
        var ranked = query.Sort == FollowerSearchSort.Relevance;

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var words = query.Text.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries);
            foreach (var word in words.Distinct(StringComparer.Ordinal).Take(MaxWords))
                all.Add(WordQuery(word, ranked, reader), Occur.MUST);
        }

        foreach (var tag in query.Tags.Distinct(StringComparer.Ordinal))
            all.Add(Restriction(FollowerIndexFields.Tag, tag), Occur.MUST);

        if (query.Subscribed is { } subscribed)
        {
            var value = subscribed ? FollowerIndexFields.SubscribedYes : FollowerIndexFields.SubscribedNo;
            all.Add(Restriction(FollowerIndexFields.Subscribed, value), Occur.MUST);
        }

        return all.Clauses.Count == 0 ? new MatchAllDocsQuery() : all;
    }

    private static Query Restriction(string field, string value) =>
        new ConstantScoreQuery(new TermQuery(new Term(field, value))) { Boost = 0f };

    // One word matches as text in any analyzed field, or as an exact openid/unionid.
    private Query WordQuery(string word, bool ranked, IndexReader reader)
    {
        var tokens = SearchTokens(word);
        Query? text = null;
        if (tokens.Count > 0)
        {
            text = TokensQuery(FollowerIndexFields.AllText, tokens);
            if (ranked)
            {
                var nickname = TokensQuery(FollowerIndexFields.Nickname, tokens);
                nickname.Boost = NicknameBoost;
                text = new BooleanQuery
                {
                    { text, Occur.MUST },
                    { nickname, Occur.SHOULD },
                };
            }
        }

        var ids = new List<Query>(2);
        foreach (var field in (ReadOnlySpan<string>)[FollowerIndexFields.OpenId, FollowerIndexFields.UnionId])
        {
            var term = new Term(field, word);
            if (reader.DocFreq(term) > 0)
                ids.Add(new TermQuery(term) { Boost = ExactIdBoost });
        }

        if (text is not null && ids.Count == 0)
            return text;

        // A pure disjunction: at least one clause must match (none at all: nothing matches).
        var either = new BooleanQuery();
        if (text is not null)
            either.Add(text, Occur.SHOULD);
        foreach (var id in ids)
            either.Add(id, Occur.SHOULD);

        return either;
    }

    // Several tokens must appear at the same relative positions (a substring match for CJK text);
    // a lone Latin/number token also matches as a prefix, e.g. the start of a phone number.
    private static Query TokensQuery(string field, IReadOnlyList<SearchToken> tokens)
    {
        if (tokens.Count == 1)
        {
            var token = tokens[0];
            var exact = new TermQuery(new Term(field, token.Text));
            if (token.IsCjk || token.Text.Length < MinPrefixLength)
                return exact;
            return new BooleanQuery
            {
                { exact, Occur.SHOULD },
                { new PrefixQuery(new Term(field, token.Text)), Occur.SHOULD },
            };
        }

        var phrase = new PhraseQuery();
        var first = tokens[0].Position;
        foreach (var token in tokens)
            phrase.Add(new Term(field, token.Text), token.Position - first);
        return phrase;
    }

    private readonly record struct SearchToken(string Text, int Position, string Type)
    {
        public bool IsCjk => Type is CJKBigramFilter.DOUBLE_TYPE or CJKBigramFilter.SINGLE_TYPE;
    }

    /// <summary>
    /// Runs the index analyzer over one word and keeps what a query needs: bigrams, plus single
    /// characters only where no bigram covers them (a one-character word, or a lone Han character
    /// beside Latin text). Positions are kept so the phrase lines up with the indexed positions.
    /// </summary>
    private List<SearchToken> SearchTokens(string word)
    {
        var tokens = new List<SearchToken>();
        using (var stream = analyzer.GetTokenStream(FollowerIndexFields.AllText, word))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var type = stream.AddAttribute<ITypeAttribute>();
            stream.Reset();
            var position = -1;
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                tokens.Add(new SearchToken(term.ToString(), position, type.Type));
            }

            stream.End();
        }

        var bigramStarts = tokens
            .Where(t => t.Type == CJKBigramFilter.DOUBLE_TYPE)
            .Select(t => t.Position)
            .ToHashSet();

        return tokens
            .Where(t => t.Type != CJKBigramFilter.SINGLE_TYPE
                || !(bigramStarts.Contains(t.Position) || bigramStarts.Contains(t.Position - 1)))
            .ToList();
    }
}
