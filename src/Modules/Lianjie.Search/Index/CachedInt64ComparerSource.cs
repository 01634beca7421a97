using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Lianjie.Search.Index;

/// <summary>
/// Sorts by a 64-bit doc-values field read from a per-segment array instead of the doc values on
/// disk. A broad filter sorted by last activity compares every hit, and reading the packed on-disk
/// values was 40 % of such a search at a million followers. Segments never change their values, so
/// each segment's array is loaded once (8 bytes per document) and dropped with the segment. One
/// source serves one field (its cache is keyed by segment only).
/// </summary>
internal sealed class CachedInt64ComparerSource(string field) : FieldComparerSource
{
    private readonly ConditionalWeakTable<object, long[]> _segments = new();

    public SortField SortField(bool reverse) => new(field, this, reverse);

    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed)
    {
        if (fieldname != field)
            throw new ArgumentException($"This comparer source sorts '{field}', not '{fieldname}'.", nameof(fieldname));
        return new Comparer(this, numHits);
    }

    private long[] ValuesOf(AtomicReader reader) =>
        _segments.GetValue(reader.CoreCacheKey, _ =>
        {
            var values = new long[reader.MaxDoc];
            var stored = reader.GetNumericDocValues(field);
            if (stored is not null)
            {
                for (var doc = 0; doc < values.Length; doc++)
                    values[doc] = stored.Get(doc);
            }

            return values;
        });

    private sealed class Comparer(CachedInt64ComparerSource source, int numHits) : FieldComparer<J2N.Numerics.Int64>
    {
        private readonly long[] _slots = new long[numHits];
        private long[] _current = [];
        private long _bottom;
        private long _top;

        public override J2N.Numerics.Int64 this[int slot] => J2N.Numerics.Int64.GetInstance(_slots[slot]);

        public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

        public override int CompareBottom(int doc) => _bottom.CompareTo(_current[doc]);

        public override int CompareTop(int doc) => _top.CompareTo(_current[doc]);

        public override void Copy(int slot, int doc) => _slots[slot] = _current[doc];

        public override void SetBottom(int slot) => _bottom = _slots[slot];

        public override void SetTopValue(J2N.Numerics.Int64 value) => _top = value.ToInt64();

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _current = source.ValuesOf(context.AtomicReader);
            return this;
        }
    }
}
