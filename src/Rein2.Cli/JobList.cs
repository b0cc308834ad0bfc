// DIR/jobs.txt: the names of the jobs of the grid last started in DIR (a sweep's or reproduce's),
// one per line, so that `rein2 sweep status DIR` can name every job — missing ones included —
// without the command or spec that made them. Every process of a grid writes the same list.
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class JobList
{
    const string FileName = "jobs.txt";

    public static void Write(string dir, IReadOnlyList<string> names) =>
        AtomicFile.Write(Path.Combine(dir, FileName), s => { using var w = new StreamWriter(s, leaveOpen: true); foreach (var n in names) w.Write(n + "\n"); });

    public static IReadOnlyList<string> Read(string dir)
    {
        string path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{dir} is not a grid directory: it has no {FileName} (written by rein2 sweep and rein2 reproduce when they start).");
        var names = InputFiles.ReadText(path, RunFiles.MaxRunFileBytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var n in names)
            if (n.Length > 255 || n.Contains('/') || n is "." or ".." || n.Any(char.IsControl))
                throw new InvalidDataException($"{path}: '{CommandLine.Printable(n)}' is not a job name.");
        return names;
    }
}
