// docs/embedding.md cannot rot: every C# block in it must stand, line for line (leading white space
// aside), in the CustomEnv sample, which CI builds against the NuGet package and runs; and every XML
// block in the sample's project file or the nuget.config CI consumes the package with.
using Rein2.Pure.Tests.Support;
using static Rein2.Pure.Tests.Support.DocPages;

namespace Rein2.Pure.Tests.Custom;

public class EmbeddingDocTests
{
    [Fact]
    public void EveryCodeBlockIsCutFromTheCompiledSample()
    {
        string repo = Repo();
        var blocks = Blocks(File.ReadAllText(Path.Combine(repo, "docs", "embedding.md")));
        var sources = Directory.GetFiles(Path.Combine(repo, "samples", "CustomEnv"), "*.cs").Select(f => Lines(File.ReadAllText(f))).ToList();
        // XML: the project file, or the nuget.config CI builds the sample against the packed library with
        var project = Lines(File.ReadAllText(Path.Combine(repo, "samples", "CustomEnv", "CustomEnv.csproj")));
        var nugetConfig = Lines(File.ReadAllText(Path.Combine(repo, "samples", "CustomEnv", "package-feed", "nuget.config")));
        int csharp = 0;
        foreach (var (lang, code) in blocks)
        {
            if (lang == "csharp")
            {
                csharp++;
                Assert.True(sources.Any(s => Contains(s, Lines(code))), $"docs/embedding.md block not found in samples/CustomEnv:\n{code}");
            }
            else if (lang == "xml") Assert.True(Contains(project, Lines(code)) || Contains(nugetConfig, Lines(code)), $"docs/embedding.md XML not in CustomEnv.csproj or package-feed/nuget.config:\n{code}");
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
