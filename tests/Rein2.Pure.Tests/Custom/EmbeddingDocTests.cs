// docs/embedding.md cannot rot: every C# block in it must stand, line for line (leading white space
// aside), in the CustomEnv sample, which CI builds against the NuGet package and runs; and every XML
// block in the sample's project file.
namespace Rein2.Pure.Tests.Custom;

public class EmbeddingDocTests
{
    static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Rein2.Pure.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    static string[] Lines(string text) => text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    static List<(string Language, string Code)> Blocks(string markdown)
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

    static bool Contains(string[] haystack, string[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return true;
        return false;
    }

    [Fact]
    public void EveryCodeBlockIsCutFromTheCompiledSample()
    {
        string repo = Repo();
        var blocks = Blocks(File.ReadAllText(Path.Combine(repo, "docs", "embedding.md")));
        var sources = Directory.GetFiles(Path.Combine(repo, "samples", "CustomEnv"), "*.cs").Select(f => Lines(File.ReadAllText(f))).ToList();
        var project = Lines(File.ReadAllText(Path.Combine(repo, "samples", "CustomEnv", "CustomEnv.csproj")));
        int csharp = 0;
        foreach (var (lang, code) in blocks)
        {
            if (lang == "csharp")
            {
                csharp++;
                Assert.True(sources.Any(s => Contains(s, Lines(code))), $"docs/embedding.md block not found in samples/CustomEnv:\n{code}");
            }
            else if (lang == "xml") Assert.True(Contains(project, Lines(code)), $"docs/embedding.md XML not in CustomEnv.csproj:\n{code}");
        }
        Assert.True(csharp >= 10, $"only {csharp} C# blocks found");
    }

    [Fact]
    public void TheCheckCatchesADocBlockThatDrifted()
    {
        var sample = Lines("var x = 1;\nvar y = 2;\nvar z = 3;");
        Assert.True(Contains(sample, Lines("  var y = 2;\n var z = 3;")));
        Assert.False(Contains(sample, Lines("var y = 2;\nvar z = 4;")));
    }
}
