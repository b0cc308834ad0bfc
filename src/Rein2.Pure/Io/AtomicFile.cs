// The one way this project writes a file: to a temporary name in the same folder, flushed to disk,
// then renamed over the target. A crash or a failed write (disk full, …) never leaves a half-written
// file in place of a good one, and a failed write removes its temporary file. Only a new name or a
// regular file is replaced: a rename over /dev/null, a FIFO or a socket would swap the node itself.
namespace Rein2.Pure.Io;

/// <summary>Atomic file replacement.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, TempName(Path.GetFileName(full), Environment.ProcessId));
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                IoFaults.Check(full);
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            if (FileKind.ReplaceProblem(full) is string why) throw new IOException($"{full} {why}: it is never replaced (an output is written only to a new name or over a regular file).");
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    static string TempName(string fileName, int pid) => $".{fileName}.{pid}.tmp";

    /// <summary>The pid in a temporary file name this class makes (".NAME.PID.tmp"), or null for any other name.</summary>
    internal static int? TempOwner(string fileName)
    {
        if (!fileName.StartsWith('.') || !fileName.EndsWith(".tmp", StringComparison.Ordinal)) return null;
        string stem = fileName[..^4];
        int dot = stem.LastIndexOf('.');
        return dot > 0 && int.TryParse(stem[(dot + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }
}
