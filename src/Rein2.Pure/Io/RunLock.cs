// One process per run directory. The lock is a file, run.lock, created with CreateNew — atomic on
// every local file system — and holding who took it: pid, host and start time. A second process
// (or a second run in this one) is refused naming the holder. A lock left by a process that died
// (kill -9, a power cut) on this same host is taken over, and the taker is told so; a lock from
// another host cannot be checked from here and is refused with the command that clears it.
using System.Diagnostics;
using System.Globalization;

namespace Rein2.Pure.Io;

/// <summary>A held run.lock; disposing it releases the lock.</summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";
    static readonly HashSet<string> HeldHere = [];   // directories locked by this process

    readonly string _path;
    bool _released;

    /// <summary>Set when a stale lock of a dead process was taken over: who held it.</summary>
    public string? TookOverFrom { get; }

    RunLock(string path, string? tookOverFrom) { _path = path; TookOverFrom = tookOverFrom; }

    /// <summary>Takes the lock of <paramref name="directory"/> or throws <see cref="RunDirectoryException"/> naming the holder.</summary>
    public static RunLock Take(string directory)
    {
        string path = Path.GetFullPath(Path.Combine(directory, FileName));
        lock (HeldHere)
        {
            if (HeldHere.Contains(path))
                throw new RunDirectoryException($"{directory} is in use by another run in this process (pid {Environment.ProcessId}); one run per directory.");
            string? tookOver = null;
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    using (var w = new StreamWriter(fs))
                        w.Write(Describe(Environment.ProcessId, Environment.MachineName, DateTime.UtcNow));
                    HeldHere.Add(path);
                    return new RunLock(path, tookOver);
                }
                catch (IOException) when (File.Exists(path) && attempt < 3)
                {
                    var holder = Holder.Read(path);
                    if (holder.Host != Environment.MachineName || holder.Pid <= 0)
                        throw new RunDirectoryException($"{directory} is in use: {holder}. If that process is gone, remove {path} and try again.");
                    if (IsAlive(holder.Pid))
                        throw new RunDirectoryException($"{directory} is in use by another process: {holder}. One process per run directory: wait for it, or stop it first.");
                    tookOver = holder.ToString();
                    try { File.Delete(path); } catch (IOException) { }
                }
            }
        }
    }

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        lock (HeldHere) HeldHere.Remove(_path);
        try { if (Holder.Read(_path).Pid == Environment.ProcessId) File.Delete(_path); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static string Describe(int pid, string host, DateTime started) =>
        $"pid {pid.ToString(CultureInfo.InvariantCulture)}\nhost {host}\nstarted {started.ToString("o", CultureInfo.InvariantCulture)}\n";

    /// <summary>True when a process with <paramref name="pid"/> runs on this host.</summary>
    internal static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    readonly record struct Holder(int Pid, string Host, string Started)
    {
        public static Holder Read(string path)
        {
            int pid = -1; string host = "an unknown host", started = "an unknown time";
            try
            {
                foreach (var line in File.ReadLines(path).Take(8))
                {
                    if (line.StartsWith("pid ")) int.TryParse(line[4..], NumberStyles.None, CultureInfo.InvariantCulture, out pid);
                    else if (line.StartsWith("host ")) host = line[5..];
                    else if (line.StartsWith("started ")) started = line[8..];
                }
            }
            catch (IOException) { }
            return new Holder(pid, host, started);
        }

        public override string ToString() => $"process {Pid} on {Host}, started {Started} (its lock file: run.lock)";
    }
}

/// <summary>A run directory that cannot be used as asked: in use by another process, holding another run, or not a run.</summary>
public sealed class RunDirectoryException(string message, IReadOnlyList<string>? runFiles = null) : Exception(message)
{
    /// <summary>When a new run was refused because the directory holds another: that run's files (else null).</summary>
    public IReadOnlyList<string>? RunFiles { get; } = runFiles;
}
