// An output directory is checked before any work is spent: created if missing, and proven writable by
// writing and deleting a probe file. A path that is a file, or that cannot be created or written, is
// the user's mistake (exit 2) found in the first second, not after training.
namespace Rein2.Cli;

public static class OutputDirectory
{
    /// <summary>Creates <paramref name="dir"/> if needed and checks a file can be written in it.</summary>
    public static void Prepare(string dir, string flag = "--out")
    {
        if (File.Exists(dir)) throw new UsageException($"{flag} {dir} is an existing file; give a directory (it is created if missing).");
        string probe = Path.Combine(dir, $".rein2-write-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"{flag} {dir} cannot be written: {e.Message}");
        }
    }

    /// <summary>Writes one output file (`--out FILE`): its folder prepared as above, the file written atomically.</summary>
    public static void WriteFile(string path, string text)
    {
        Prepare(Path.GetDirectoryName(Path.GetFullPath(path))!);
        JsonOut.WriteAtomically(path, text);
    }
}
