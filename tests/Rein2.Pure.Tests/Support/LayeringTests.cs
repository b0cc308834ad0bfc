// The library's layers depend one way, as the README documents:
//   Rng → Checkpoints → Kernels → Nn → Optim → Envs → Algos → Meta → Io
// (each may use only the ones before it). Read from the source, so a cycle fails here, not in review.
using System.Text.RegularExpressions;

namespace Rein2.Pure.Tests.Support;

public class LayeringTests
{
    static readonly string[] Layers = ["Rng", "Checkpoints", "Kernels", "Nn", "Optim", "Envs", "Algos", "Meta", "Io"];

    static string LibraryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Rein2.Pure.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Rein2.Pure");
    }

    // "uses M": a using directive, a fully qualified name, or a namespace-relative M.Type reference
    static bool Uses(string code, string m) =>
        Regex.IsMatch(code, $@"using Rein2\.Pure\.{m}(\.\w+)*;|(?<![\w.]){m}\.[A-Z]|Rein2\.Pure\.{m}\.");

    static string Code(string path) =>
        Regex.Replace(Regex.Replace(File.ReadAllText(path), @"//.*", ""), @"namespace Rein2\.Pure(\.\w+)+;", "");

    [Fact]
    public void EveryLayerUsesOnlyTheLayersBeforeIt()
    {
        string root = LibraryRoot();
        var upward = new List<string>();
        for (int l = 0; l < Layers.Length; l++)
            foreach (var file in Directory.GetFiles(Path.Combine(root, Layers[l]), "*.cs", SearchOption.AllDirectories))
            {
                string code = Code(file);
                for (int m = l + 1; m < Layers.Length; m++)
                    if (Uses(code, Layers[m])) upward.Add($"{Layers[l]}/{Path.GetRelativePath(root, file)} uses {Layers[m]}");
            }
        Assert.True(upward.Count == 0, string.Join("\n", upward));
        // every folder of code is a layer (buildTransitive holds the package's MSBuild file, no code)
        Assert.Equal(Layers.Order(), Directory.GetDirectories(root).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj" or "buildTransitive")).Order());
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "buildTransitive"), "*.cs", SearchOption.AllDirectories));
    }

    [Fact]
    public void TheScanSeesAnUpwardReference()
    {
        Assert.True(Uses("var a = new Io.AgentFiles();", "Io"));
        Assert.True(Uses("using Rein2.Pure.Algos;", "Algos"));
        Assert.True(Uses("x = Meta.OuterEnv.Make();", "Meta"));
        Assert.True(Uses("using Rein2.Pure.Meta.Search;", "Meta"));
        Assert.False(Uses("using Rein2.Pure.Envs;", "Meta"));
    }
}
