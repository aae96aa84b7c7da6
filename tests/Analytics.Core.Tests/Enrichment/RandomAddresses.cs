using System.Text;

namespace Analytics.Core.Tests.Enrichment;

/// <summary>Seeded random strings shaped like addresses, for checking that parsers never throw.</summary>
internal static class RandomAddresses
{
    // URL punctuation, letters of both cases, white space, controls, non-ASCII and lone surrogates.
    private const string Alphabet = "abcwWXYZ019:/?#[]@!$&'()*+,;=%._~-\\ \t\r\n\0éü中\ud83d\ude00\udc00";

    // Pieces the parsers look for, so that random strings reach their deeper branches.
    private static readonly string[] Pieces =
    [
        "http://", "HTTPS://", "//", "www.", "android-app://", "?", "#", "@", "[::1]", ":8080", "?utm_source=",
        "&UTM_medium=", "utm_campaign", "%", "%2", "%C3%A9", "%FF", "%00", "+", ".co.uk", "google", "mail.",
    ];

    public static IEnumerable<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Clear();
            for (var length = random.Next(0, 40); length > 0; length--)
            {
                if (random.Next(5) == 0)
                {
                    text.Append(Pieces[random.Next(Pieces.Length)]);
                }
                else
                {
                    text.Append(Alphabet[random.Next(Alphabet.Length)]);
                }
            }

            yield return text.ToString();
        }
    }
}
