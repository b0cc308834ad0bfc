// An output directory is checked before any work is spent: created if missing, and proven writable by
// writing and deleting a probe file. A path that is a file, or that cannot be created or written, is
// the user's mistake (exit 2) found in the first second, not after training.
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class OutputDirectory
{
    /// <summary>Creates <paramref name="dir"/> if needed and checks a file can be written in it.</summary>
    public static void Prepare(string dir, string flag = "--out")
    {
        RefuseDanglingLink(dir, flag);
        if (File.Exists(dir)) throw new UsageException($"{flag} {dir} is an existing file; give a directory (it is created if missing).");
        string probe = Path.Combine(dir, $".rein2-write-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(probe, [1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"{flag} {dir} cannot be written: {e.Message}");
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { } catch (ArgumentException) { }
        }
    }

    /// <summary>
    /// A reproduction continues in its own --out (its finished jobs are kept there), but never writes
    /// into a directory that holds a train or baseline run, or the other reproduction's files.
    /// </summary>
    public static void RefuseOtherRuns(string dir, string command, IEnumerable<string> otherKind)
    {
        if (!Directory.Exists(dir)) return;
        var found = RunDirectory.RunFileNames.Where(f => f is not ("run.lock" or "holder.txt")).Concat(otherKind).Where(f => File.Exists(Path.Combine(dir, f))).ToList();
        if (found.Count > 0)
            throw new UsageException($"--out {dir} holds another run ({string.Join(", ", found)}); {command} needs a directory of its own (a new one, or its own earlier --out to continue).");
    }

    /// <summary>A symbolic link whose target does not exist is named as such (not as "an existing file").</summary>
    public static void RefuseDanglingLink(string path, string flag = "--out")
    {
        if (InputFiles.DanglingLinkTarget(path) is string target)
            throw new UsageException($"{flag} {path} is a symbolic link to {target}, which does not exist; give a directory or a new name.");
    }

    // the longest file name an `--out FILE` may have: AtomicFile writes ".NAME.PID.tmp" first (16 bytes more) and a name has at most 255
    const int MaxOutName = 255 - 16;

    // What a run or a reproduction writes for itself: an `--out FILE` of render/report/plot never replaces one.
    static readonly string[] ProjectFileNames =
        [.. RunDirectory.RunFileNames, "table1.json", "table1.md", "meta.json", "meta.md", "runs.jsonl", "jobs.txt", "sweep.json", "sweep.md", "summary.csv"];

    // a directory holding one of these is a grid's (reproduce, sweep): every file below it is the grid's, but its report
    static readonly string[] GridMarkers = ["jobs.txt", "table1.json", "meta.json", "sweep.json", "runs.jsonl"];

    /// <summary>
    /// Checks an `--out FILE` before any work: a new name in an existing folder, or a regular file the
    /// command may replace — not a directory, a device, a FIFO or a socket, not one of
    /// <paramref name="inputs"/>, not one of the project's own files (a run's or a grid's files, an
    /// agent, a model or checkpoint by its header, an ONNX model rein2 exported).
    /// </summary>
    public static void CheckFileTarget(string path, params IEnumerable<string> inputs) => CheckFileTarget("--out", "report.html", path, inputs);

    /// <summary><see cref="CheckFileTarget(string, IEnumerable{string})"/> for an output named by <paramref name="flag"/> (e.g. --onnx), with an example file name.</summary>
    public static void CheckFileTarget(string flag, string example, string path, IEnumerable<string> inputs)
    {
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar) || Path.GetFileName(path) is "." or "..")
            throw new UsageException($"{flag} {path} names a directory; give a file name (e.g. {Path.Combine(path, example)}).");
        RefuseDanglingLink(path, flag);
        string full = Path.GetFullPath(path);
        int nameBytes = System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(full));
        if (nameBytes > MaxOutName)
            throw new UsageException($"{flag} {Path.GetFileName(full)[..20]}… is a file name of {nameBytes} bytes; at most {MaxOutName} are allowed (it is written under a temporary name 16 bytes longer, then renamed).");
        var kind = FileKind.Of(full);
        if (kind == EntryKind.Directory) throw new UsageException($"{flag} {path} is a directory; give a file name (e.g. {Path.Combine(path, example)}).");
        // before anything opens it: a FIFO would block the open, a device would be replaced by the rename
        if (FileKind.ReplaceProblem(full) is string why) throw new UsageException($"{flag} {path} {why}: an output is written only to a new name or over a regular file.");
        string folder = Path.GetDirectoryName(full)!;
        if (FileKind.Of(folder) != EntryKind.Directory)
            throw new UsageException($"{flag} {path}: the folder {folder} does not exist; create it first (an output file's folder is never made for it).");
        if (inputs.Any(i => Path.GetFullPath(i) == full)) throw new UsageException($"{flag} {path} is also an input of this command; give another file name.");
        string name = Path.GetFileName(full);
        if (ProjectFileNames.Contains(name) || kind == EntryKind.Regular && IsProjectFile(full))
            throw new UsageException($"{flag} {path} would replace a file the project writes for itself ({name}); give another name (e.g. {example}).");
        if (kind == EntryKind.Regular && GridAbove(folder) is string grid && !(name == "report.html" && folder == grid))
            throw new UsageException($"{flag} {path} would replace a file of the grid in {grid}; give a new name, or write outside the grid.");
        Prepare(folder, flag);   // writable: found now, not after the work
    }

    // the nearest directory at or above `folder` that is a grid's, or null
    static string? GridAbove(string folder)
    {
        for (var d = new DirectoryInfo(folder); d != null; d = d.Parent)
            if (GridMarkers.Any(m => File.Exists(Path.Combine(d.FullName, m)))) return d.FullName;
        return null;
    }

    // a checked container (agent, model, checkpoint, record) or an ONNX model rein2 exported (producer "Rein2.Pure"), by its first bytes
    static bool IsProjectFile(string path)
    {
        try
        {
            Span<byte> head = stackalloc byte[32];
            using var fs = File.OpenRead(path);
            int n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return n >= 8 && head[..8].SequenceEqual("REIN2PUR"u8) || head[..n].IndexOf("\x12\x0ARein2.Pure"u8) is >= 0 and < 12;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Writes one output file (`--out FILE`, checked by <see cref="CheckFileTarget"/>) atomically.</summary>
    public static void WriteFile(string path, string text) => JsonOut.WriteAtomically(path, text);
}
