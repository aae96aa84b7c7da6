using System.Globalization;
using System.Text;

namespace Analytics.UserAgentAccuracy;

/// <summary>
/// Reads uap-core's test files (<c>test_os.yaml</c>, <c>test_ua.yaml</c>). No YAML package is available, and the
/// files use one flat shape: <c>- user_agent_string: '…'</c> followed by <c>family: '…'</c> and <c>major: '…'</c>.
/// </summary>
internal static class UapCorpusReader
{
    private const string UserAgentKey = "- user_agent_string:";

    public static List<LabelledUserAgent> Read(string path)
    {
        var cases = new List<LabelledUserAgent>();
        string? userAgent = null, family = null, major = null;
        var lineNumber = 0;

        foreach (var rawLine in File.ReadLines(path))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.StartsWith(UserAgentKey, StringComparison.Ordinal))
            {
                Flush();
                userAgent = Scalar(line[UserAgentKey.Length..], path, lineNumber);
            }
            else if (userAgent is not null && family is null && line.StartsWith("family:", StringComparison.Ordinal))
            {
                family = Scalar(line["family:".Length..], path, lineNumber);
            }
            else if (userAgent is not null && major is null && line.StartsWith("major:", StringComparison.Ordinal))
            {
                major = Scalar(line["major:".Length..], path, lineNumber);
            }
        }

        Flush();
        return cases;

        void Flush()
        {
            if (userAgent is not null && family is not null)
            {
                cases.Add(new LabelledUserAgent(userAgent, family, string.IsNullOrEmpty(major) ? null : major));
            }

            userAgent = family = major = null;
        }
    }

    // A YAML scalar on one line: 'single quoted' ('' is a quote), "double quoted" (backslash escapes) or plain.
    private static string Scalar(string text, string path, int lineNumber)
    {
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return Unescape(text[1..^1], path, lineNumber);
        }

        return text;
    }

    private static string Unescape(string text, string path, int lineNumber)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                throw new FormatException($"{path}:{lineNumber}: a double-quoted string ends in a lone backslash.");
            }

            switch (text[i])
            {
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case 'r': result.Append('\r'); break;
                case '0': result.Append('\0'); break;
                case 'x': result.Append(Hex(text, ref i, 2, path, lineNumber)); break;
                case 'u': result.Append(Hex(text, ref i, 4, path, lineNumber)); break;
                default: result.Append(text[i]); break; // \" \\ \/ and the like stand for themselves
            }
        }

        return result.ToString();
    }

    private static char Hex(string text, ref int i, int digits, string path, int lineNumber)
    {
        if (i + digits >= text.Length
            || !int.TryParse(text.AsSpan(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            throw new FormatException($"{path}:{lineNumber}: bad \\{text[i]} escape in a double-quoted string.");
        }

        i += digits;
        return (char)code;
    }
}
