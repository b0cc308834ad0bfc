// The chapters of docs/learn by name, as `dotnet run --project samples/Learn -- CHAPTER [OUT_DIR]`
// runs them (LearnDocTests runs the pages' commands through the same table).
namespace Rein2.Learn;

public static class Chapters
{
    /// <summary>Each chapter: it writes its output to the writer and its files (CSV) to the folder.</summary>
    public static IReadOnlyDictionary<string, Action<TextWriter, string>> All { get; } = new Dictionary<string, Action<TextWriter, string>>
    {
        ["cartpole"] = (o, _) => EnvironmentChapter.Run(o),
        ["gradcheck"] = (o, dir) => GradientCheckChapter.Run(o, dir),
        ["adam"] = (o, dir) => AdamChapter.Run(o, dir),
        ["gae"] = (o, _) => AdvantageChapter.Run(o),
    };
}
