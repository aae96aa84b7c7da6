namespace Analytics.Testing;

/// <summary>Finds the repository's root (the folder holding Analytics.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analytics.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Analytics.sln not found above {AppContext.BaseDirectory}.");
    }
}
