// Reading the documentation pages for the tests that keep them true (EmbeddingDocTests,
// LearnDocTests): the repository root, a page's fenced blocks, and a line-by-line containment
// check that ignores indentation.
namespace Rein2.Pure.Tests.Support;

public static class DocPages
{
    /// <summary>The repository root (the folder holding Rein2.Pure.sln) above the test binaries.</summary>
    public static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Rein2.Pure.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Non-empty lines, each trimmed.</summary>
    public static string[] Lines(string text) => text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    /// <summary>The fenced blocks of a Markdown page that name a language, in order.</summary>
    public static List<(string Language, string Code)> Blocks(string markdown)
    {
        var blocks = new List<(string, string)>();
        var lines = markdown.Replace("\r", "").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```") || lines[i].Length == 3) continue;
            string lang = lines[i][3..].Trim();
            int j = i + 1;
            while (j < lines.Length && lines[j] != "```") j++;
            blocks.Add((lang, string.Join('\n', lines[(i + 1)..j])));
            i = j;
        }
        return blocks;
    }

    /// <summary>True when <paramref name="needle"/> appears as consecutive lines of <paramref name="haystack"/>.</summary>
    public static bool Contains(string[] haystack, string[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return true;
        return false;
    }
}
