namespace Analytics.Storage;

/// <summary>Validates and quotes SQL identifiers that come from configuration (schema names).</summary>
public static class SqlIdentifier
{
    /// <summary>PostgreSQL's identifier limit (NAMEDATALEN - 1).</summary>
    public const int MaxLength = 63;

    /// <summary>
    /// True for a plain lower-case identifier: a letter or underscore, then letters, digits or underscores,
    /// at most <see cref="MaxLength"/> characters, not starting with PostgreSQL's reserved <c>pg_</c>.
    /// Quoting such a name never changes its meaning.
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name.StartsWith("pg_", StringComparison.Ordinal))
        {
            return false;
        }

        if (!(char.IsAsciiLetterLower(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="name"/> double-quoted, after checking it with <see cref="IsValid"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a valid identifier.</exception>
    public static string Quote(string name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid SQL identifier: use lower-case letters, digits and underscores, starting with a letter and not with pg_, at most {MaxLength} characters.",
                nameof(name));
        }

        return "\"" + name + "\"";
    }
}
