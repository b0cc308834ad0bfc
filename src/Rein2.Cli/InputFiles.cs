// A file the user names as input (a --config file, an agent or model to eval or render, a CSV to
// plot, a picture a report shows) is checked before it is opened: it must exist, be a file and not a
// directory, be non-empty and below a size cap. .NET cannot tell a FIFO, a device or a /proc file from
// a regular file, but all of them report size 0 — so "empty" refuses them too, before an open() that
// would block on a FIFO or a read that would never end on /dev/zero.
namespace Rein2.Cli;

public static class InputFiles
{
    /// <summary>Where a symbolic link that leads nowhere points, or null (no link, or a link to something).</summary>
    public static string? DanglingLinkTarget(string path)
    {
        var info = new FileInfo(path.TrimEnd('/', '\\'));
        if (info.LinkTarget is not string target) return null;
        try { return info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true } ? null : target; }
        catch (IOException) { return target; }   // a loop of links
    }

    /// <summary>Null when <paramref name="path"/> can be read as an input of at most <paramref name="maxBytes"/>; otherwise why not.</summary>
    public static string? Problem(string path, long maxBytes)
    {
        if (Directory.Exists(path)) return "is a directory; give a file";
        if (DanglingLinkTarget(path) is string target) return $"is a symbolic link to {target}, which does not exist";
        var info = new FileInfo(path);
        if (!info.Exists) return "does not exist";
        if (info.Length == 0) return "is empty, or not a regular file (a pipe, a device or a /proc file); give a regular file";
        if (info.Length > maxBytes) return $"is {info.Length:N0} bytes; at most {maxBytes:N0} are allowed";
        return null;
    }

    /// <summary>Refuses (exit 2) an input that <see cref="Problem"/> finds wrong, naming it as <paramref name="what"/>.</summary>
    public static void Check(string path, string what, long maxBytes)
    {
        if (Problem(path, maxBytes) is string why) throw new UsageException($"{what} {path} {why}.");
    }

    // agent and model files of the largest networks the format allows stay well below this
    internal const long MaxAgentBytes = 1L << 30;

    /// <summary>
    /// An agent or model file named on the command line (eval, render, export), checked as an input
    /// first; <paramref name="envId"/> (--env) is the environment it must be for — needed for an ONNX
    /// model that does not name one.
    /// </summary>
    public static Rein2.Pure.Algos.IAgent LoadAgent(string path, string? envId = null)
    {
        Check(path, "agent file", MaxAgentBytes);
        try { return Rein2.Pure.Io.AgentFile.Load(path, envId == null ? null : Rein2.Pure.Envs.EnvRegistry.Spec(envId)); }
        catch (UnauthorizedAccessException e) { throw new UsageException($"agent file {path} cannot be read: {e.Message}"); }
    }

    /// <summary>The text of an input <see cref="Problem"/> accepts; what is wrong with it, or a failed read, is an InvalidDataException (exit 2) naming the file.</summary>
    public static string ReadText(string path, long maxBytes)
    {
        if (Problem(path, maxBytes) is string why) throw new InvalidDataException($"{path} {why}.");
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidDataException($"{path} cannot be read: {e.Message}"); }
    }

    /// <summary>Null when <paramref name="file"/> is a readable file inside <paramref name="dir"/> (a run directory someone else may have made), reached without a symbolic link; otherwise why not.</summary>
    public static string? InsideDirectory(string dir, string file, long maxBytes)
    {
        if (Path.IsPathRooted(file) || file.Split('/', '\\').Any(s => s is ".." or "." or ""))
            return "only a file inside the run directory can be shown (no absolute path, no '..')";
        string root = Path.GetFullPath(dir), path = root;
        foreach (string segment in file.Split('/', '\\'))
        {
            path = Path.Combine(path, segment);
            var info = new FileInfo(path);
            if (info.LinkTarget != null) return "it is reached through a symbolic link";
        }
        if (!Path.GetFullPath(path).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return "it is outside the run directory";
        return Problem(path, maxBytes) is string why ? $"it {why}" : null;
    }

}
