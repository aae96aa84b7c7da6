using System.Buffers;

namespace Analytics.Enrichment;

/// <summary>
/// An ordered table of entries, each recognised by one or more tokens. One vectorised pass over a user agent finds
/// the first entry in table order that has a token in it, which keeps a rule list readable ("HarmonyOS before
/// Android") without paying a string search per rule.
/// </summary>
/// <typeparam name="TValue">What an entry stands for.</typeparam>
internal sealed class TokenTable<TValue>
{
    private readonly TValue[] _values;
    private readonly string[] _tokens;
    private readonly int[] _entryOfToken;
    private readonly int[][] _tokensByFirstChar = new int[128][];
    // _searchBefore[k] finds the tokens of entries 0..k-1: once entry k has matched, only those can still beat it.
    // _searchBefore[entries] finds every token.
    private readonly SearchValues<string>?[] _searchBefore;
    private readonly StringComparison _comparison;

    public TokenTable(StringComparison comparison, params ReadOnlySpan<Entry> entries)
    {
        _comparison = comparison;
        _values = new TValue[entries.Length];
        var tokens = new List<string>();
        var entryOfToken = new List<int>();
        for (var i = 0; i < entries.Length; i++)
        {
            _values[i] = entries[i].Value;
            foreach (var token in entries[i].Tokens)
            {
                if (token.Length == 0 || token[0] >= 128)
                {
                    throw new ArgumentException($"Token '{token}' must be non-empty and start with an ASCII character.", nameof(entries));
                }

                tokens.Add(token);
                entryOfToken.Add(i);
            }
        }

        _tokens = [.. tokens];
        _entryOfToken = [.. entryOfToken];
        _searchBefore = new SearchValues<string>?[entries.Length + 1];
        for (var k = 1; k <= entries.Length; k++)
        {
            var before = k;
            _searchBefore[k] = SearchValues.Create(
                _tokens.Where((_, token) => _entryOfToken[token] < before).ToArray(), comparison);
        }

        for (var c = 0; c < _tokensByFirstChar.Length; c++)
        {
            _tokensByFirstChar[c] = [.. Enumerable.Range(0, _tokens.Length).Where(t => FirstChar(_tokens[t][0]) == c)];
        }
    }

    /// <summary>The first entry, in table order, with a token in <paramref name="text"/>; and where that token is.</summary>
    public Match FirstMatch(ReadOnlySpan<char> text)
    {
        var best = new Match(-1, default!, -1, 0);
        var search = _searchBefore[_values.Length]!;
        var offset = 0;
        int at;
        while ((at = text[offset..].IndexOfAny(search)) >= 0)
        {
            var position = offset + at;
            var candidate = text[position..];
            foreach (var token in _tokensByFirstChar[FirstChar(candidate[0])])
            {
                var entry = _entryOfToken[token];
                if ((best.Entry < 0 || entry < best.Entry) && candidate.StartsWith(_tokens[token], _comparison))
                {
                    best = new Match(entry, _values[entry], position, _tokens[token].Length);
                }
            }

            if (best.Entry == 0)
            {
                break;
            }

            if (best.Entry >= 0)
            {
                search = _searchBefore[best.Entry]!;
            }

            offset = position + 1;
        }

        return best;
    }

    private int FirstChar(char c) =>
        c >= 128 ? 0 : _comparison == StringComparison.OrdinalIgnoreCase ? char.ToLowerInvariant(c) : c;

    /// <summary>One row of the table: what it stands for and the tokens that show it.</summary>
    public sealed record Entry(TValue Value, params string[] Tokens);

    /// <summary>The entry found (<see cref="Entry"/> is -1 when none), and the position and length of its token.</summary>
    public readonly record struct Match(int Entry, TValue Value, int Index, int Length)
    {
        public bool Found => Entry >= 0;

        /// <summary>The text right after the matched token, where its version usually is.</summary>
        public ReadOnlySpan<char> After(ReadOnlySpan<char> text) => text[(Index + Length)..];
    }
}
