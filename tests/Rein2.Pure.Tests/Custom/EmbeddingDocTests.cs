// docs/embedding.md cannot rot: every C# block in it must stand, line for line (leading white space
// aside), in the CustomEnv sample, which CI builds against the NuGet package and runs; and every XML
// block in the sample's project file or the nuget.config CI consumes the package with. And the page
// read top to bottom compiles on its own: a block is a whole file (the environment), a member cut
// from a file shown above it, or statements that use only what the page has shown before them —
// so a reader who copies the blocks in order has a program, with no name left undefined.
using System.Diagnostics;
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
    public void ThePageCompilesTopToBottom()
    {
        var (files, program) = PageProgram(File.ReadAllText(Path.Combine(Repo(), "docs", "embedding.md")));
        Assert.Equal(3, files.Count);   // the environment, the meta-learner and the subset of your own
        var (ok, output) = Compile(files, program);
        Assert.True(ok, $"docs/embedding.md, its blocks in order, does not compile:\n{output}");
    }

    [Fact]
    public void TheCompileCheckFailsOnANameThePageNeverDefines()
    {
        var (files, program) = PageProgram(File.ReadAllText(Path.Combine(Repo(), "docs", "embedding.md")));
        var (ok, output) = Compile(files, program + "\nConsole.WriteLine(undefinedOnThePage);\n");
        Assert.False(ok);
        Assert.Contains("undefinedOnThePage", output);
    }

    // the page's C# blocks: whole files (they declare a namespace), members (indented: they must stand
    // in a file shown above), and the statements between them as one top-level program, in order
    static (List<string> Files, string Program) PageProgram(string markdown)
    {
        var files = new List<string>();
        var program = new System.Text.StringBuilder();
        foreach (var (lang, code) in Blocks(markdown).Where(b => b.Language == "csharp"))
        {
            if (code.Split('\n').Any(l => l.StartsWith("namespace ", StringComparison.Ordinal))) files.Add(code);
            else if (code.Length > 0 && char.IsWhiteSpace(code[0]))
                Assert.True(files.Any(f => Contains(Lines(f), Lines(code))), $"docs/embedding.md: this member is in no file shown above it:\n{code}");
            else program.Append(code).Append('\n');
        }
        return (files, program.ToString());
    }

    // builds the files and the program as an app of their own against the library the tests use
    static (bool Ok, string Output) Compile(List<string> files, string program)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-embedding-page-").FullName;
        string library = Path.Combine(AppContext.BaseDirectory, "Rein2.Pure.dll");
        File.WriteAllText(Path.Combine(dir, "Page.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup><Reference Include="Rein2.Pure"><HintPath>{library}</HintPath></Reference></ItemGroup>
            </Project>
            """);
        for (int i = 0; i < files.Count; i++) File.WriteAllText(Path.Combine(dir, $"File{i}.cs"), files[i]);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        var psi = new ProcessStartInfo("dotnet", ["build", dir, "-nologo", "-v", "q", "-clp:NoSummary"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode == 0, stdout.Result + err);
    }

    [Fact]
    public void TheCheckCatchesADocBlockThatDrifted()
    {
        var sample = Lines("var x = 1;\nvar y = 2;\nvar z = 3;");
        Assert.True(Contains(sample, Lines("  var y = 2;\n var z = 3;")));
        Assert.False(Contains(sample, Lines("var y = 2;\nvar z = 4;")));
    }
}
