// docs/learn, runnable: `dotnet run --project samples/Learn -- CHAPTER [OUT_DIR]`.
using Rein2.Learn;

var chapters = new Dictionary<string, Action<TextWriter, string>>
{
    ["cartpole"] = (o, _) => EnvironmentChapter.Run(o),
    ["gradcheck"] = (o, dir) => GradientCheckChapter.Run(o, dir),
    ["adam"] = (o, dir) => AdamChapter.Run(o, dir),
    ["gae"] = (o, _) => AdvantageChapter.Run(o),
};
if (args.Length is 0 or > 2 || !chapters.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run --project samples/Learn -- {string.Join('|', chapters.Keys)} [OUT_DIR]");
    return 2;
}
run(Console.Out, args.Length == 2 ? args[1] : Path.Combine("runs", "learn"));
return 0;
