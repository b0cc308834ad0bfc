// docs/learn, runnable: `dotnet run --project samples/Learn -- CHAPTER [OUT_DIR]`.
using Rein2.Learn;

if (args.Length is 0 or > 2 || !Chapters.All.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run --project samples/Learn -- {string.Join('|', Chapters.All.Keys)} [OUT_DIR]");
    return 2;
}
run(Console.Out, args.Length == 2 ? args[1] : Path.Combine("runs", "learn"));
return 0;
