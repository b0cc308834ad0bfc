// One process per run directory. The lock is an exclusive OS lock (flock, through FileShare.None) on
// DIR/run.lock, held open for the run's whole life: the kernel releases it when the holder ends in
// any way (exit, kill -9, a crash; on a shared file system with working locks, a lost node), so a
// stale lock cannot exist and no process id is ever trusted — a pid reused after a reboot, or PID 1
// in every container, never blocks a directory. Who holds it is written beside it, in
// DIR/holder.txt (pid, host, start time), for the refusal message and for people: the lock file
// itself cannot be read by another .NET process while it is held. A holder.txt left behind names a
// holder that ended without cleaning up; the taker is told it took over from it.
using System.Globalization;

namespace Rein2.Pure.Io;

/// <summary>A held run.lock; disposing it releases the lock.</summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock", HolderFileName = "holder.txt";
    static readonly HashSet<string> HeldHere = [];   // directories locked by this process

    readonly string _path, _holderPath;
    readonly FileStream _lock;
    bool _released;

    /// <summary>Set when a lock left by a holder that had ended without releasing it was taken over: who that was.</summary>
    public string? TookOverFrom { get; }

    RunLock(string path, string holderPath, FileStream held, string? tookOverFrom) { _path = path; _holderPath = holderPath; _lock = held; TookOverFrom = tookOverFrom; }

    /// <summary>Takes the lock of <paramref name="directory"/> or throws <see cref="RunDirectoryException"/> naming the holder.</summary>
    public static RunLock Take(string directory)
    {
        string path = Path.GetFullPath(Path.Combine(directory, FileName)), holderPath = Path.GetFullPath(Path.Combine(directory, HolderFileName));
        lock (HeldHere)
        {
            if (HeldHere.Contains(path))
                throw new RunDirectoryException($"{directory} is in use by another run in this process (pid {Environment.ProcessId}); one run per directory.");
            if (FileKind.Of(path) is not (EntryKind.Missing or EntryKind.Regular))
                throw new RunDirectoryException($"{path} is not a lock file ({FileKind.ReplaceProblem(path) ?? "not a regular file"}); remove it, or use another directory.");
            for (int attempt = 0; ; attempt++)
            {
                FileStream held;
                try { held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
                catch (IOException) when (File.Exists(path))
                {
                    string who = Holder(holderPath) is string h ? $": {h}" : $" (it holds the lock on {path})";
                    throw new RunDirectoryException($"{directory} is in use by another process{who}. One process per run directory: wait for it, or stop it first.");
                }
                catch (UnauthorizedAccessException e) { throw new RunDirectoryException($"{path} cannot be opened to lock the run directory: {e.Message}"); }
                // the previous holder may have removed the file between our open and our lock: then
                // the lock is on a name nobody else will see, so take it again on the file that is there
                if (attempt < 3 && !FileKind.IsSameFile(path, held.SafeFileHandle)) { held.Dispose(); continue; }
                string? tookOver = Holder(holderPath);
                try
                {
                    AtomicFile.Write(holderPath, s =>
                    {
                        using var w = new StreamWriter(s, leaveOpen: true);
                        w.Write(Describe(Environment.ProcessId, Environment.MachineName, DateTime.UtcNow));
                    });
                }
                catch { held.Dispose(); throw; }
                HeldHere.Add(path);
                return new RunLock(path, holderPath, held, tookOver);
            }
        }
    }

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        lock (HeldHere) HeldHere.Remove(_path);
        // removed while still held, then released: a process that opens the name after this creates a new lock file
        try { File.Delete(_holderPath); File.Delete(_path); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
        _lock.Dispose();
    }

    static string Describe(int pid, string host, DateTime started) =>
        $"pid {pid.ToString(CultureInfo.InvariantCulture)}\nhost {host}\nstarted {started.ToString("o", CultureInfo.InvariantCulture)}\n";

    // "process N on HOST, started T", from holder.txt; null when there is none
    static string? Holder(string holderPath)
    {
        if (!File.Exists(holderPath)) return null;
        string pid = "?", host = "an unknown host", started = "an unknown time";
        try
        {
            foreach (var line in File.ReadLines(holderPath).Take(8))
            {
                if (line.StartsWith("pid ", StringComparison.Ordinal)) pid = line[4..];
                else if (line.StartsWith("host ", StringComparison.Ordinal)) host = line[5..];
                else if (line.StartsWith("started ", StringComparison.Ordinal)) started = line[8..];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return $"process {pid} on {host}, started {started} (see {HolderFileName})";
    }
}

/// <summary>A run directory that cannot be used as asked: in use by another process, holding another run, or not a run.</summary>
public sealed class RunDirectoryException(string message, IReadOnlyList<string>? runFiles = null) : Exception(message)
{
    /// <summary>When a new run was refused because the directory holds another: that run's files (else null).</summary>
    public IReadOnlyList<string>? RunFiles { get; } = runFiles;
}
