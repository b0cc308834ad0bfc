// A run directory: the files one training run writes (checkpoint.bin, progress.csv, monitor.csv,
// summary.json, the agent) and the lock that keeps every other process out while it runs. A new run
// refuses a directory that already holds a run's files (unless told to overwrite it, which removes
// them first), so two runs never mix; a resume needs the checkpoint. Opening a directory clears what
// dead processes left: temporary files of interrupted atomic writes and write probes.
namespace Rein2.Pure.Io;

/// <summary>A locked run directory; dispose it to release the lock.</summary>
public sealed class RunDirectory : IDisposable
{
    /// <summary>The checkpoint file.</summary>
    public const string CheckpointFileName = "checkpoint.bin";
    /// <summary>The per-iteration log (REIN-2: one row per meta step; PPO/A2C/DQN: one row per evaluation).</summary>
    public const string ProgressFileName = "progress.csv";
    /// <summary>Every finished training episode (PPO/A2C/DQN), as SB3's Monitor writes it.</summary>
    public const string MonitorFileName = "monitor.csv";
    /// <summary>The final figures and the settings.</summary>
    public const string SummaryFileName = "summary.json";
    /// <summary>REIN-2's best produced agent.</summary>
    public const string BestAgentFileName = "best.agent";
    /// <summary>A baseline's (PPO/A2C/DQN) final agent.</summary>
    public const string ModelFileName = "model.bin";

    /// <summary>The files that make a directory a run (any one of them present: it holds a run).</summary>
    public static IReadOnlyList<string> RunFileNames { get; } =
        [CheckpointFileName, ProgressFileName, MonitorFileName, SummaryFileName, BestAgentFileName, ModelFileName, RunLock.FileName, RunLock.HolderFileName];

    readonly RunLock _lock;

    /// <summary>The directory.</summary>
    public string Path { get; }
    /// <summary>Set when the lock of a process that had died was taken over: who that was.</summary>
    public string? TookOverStaleLockFrom => _lock.TookOverFrom;
    /// <summary>The path of <paramref name="fileName"/> in this directory.</summary>
    public string File(string fileName) => System.IO.Path.Combine(Path, fileName);
    /// <summary>True when the run has a checkpoint.</summary>
    public bool HasCheckpoint => System.IO.File.Exists(File(CheckpointFileName));

    RunDirectory(string path, RunLock runLock) { Path = path; _lock = runLock; }

    /// <summary>
    /// Creates (or takes, if empty of run files) <paramref name="path"/> for a new run and locks it.
    /// A directory that holds a run is refused, unless <paramref name="overwrite"/>: then that run's
    /// files are removed first (other files are left alone).
    /// </summary>
    public static RunDirectory CreateNew(string path, bool overwrite = false)
    {
        if (System.IO.File.Exists(path)) throw new RunDirectoryException($"{path} is an existing file, not a directory.");
        Writable(path);
        var runLock = RunLock.Take(path);
        try
        {
            var existing = RunFileNames.Where(f => f is not (RunLock.FileName or RunLock.HolderFileName) && System.IO.File.Exists(System.IO.Path.Combine(path, f))).ToList();
            if (existing.Count > 0 && !overwrite)
                throw new RunDirectoryException($"{path} already holds a run ({string.Join(", ", existing)}). Resume it, choose another directory, or overwrite it (its run files are removed first).", existing);
            foreach (var f in existing) System.IO.File.Delete(System.IO.Path.Combine(path, f));
            var dir = new RunDirectory(path, runLock);
            dir.RemoveLeftovers();
            return dir;
        }
        catch { runLock.Dispose(); throw; }
    }

    /// <summary>Locks the existing run in <paramref name="path"/> to resume it: it must hold a checkpoint.</summary>
    public static RunDirectory OpenForResume(string path)
    {
        if (!Directory.Exists(path)) throw new RunDirectoryException($"{path}: no such run directory.");
        Writable(path);
        // the lock first: a run still starting has no checkpoint yet, and is named as the holder
        var runLock = RunLock.Take(path);
        try
        {
            string checkpoint = System.IO.Path.Combine(path, CheckpointFileName);
            if (!System.IO.File.Exists(checkpoint)) throw new RunDirectoryException($"{path} holds no checkpoint ({CheckpointFileName}) to resume from.");
            var dir = new RunDirectory(path, runLock);
            dir.RemoveLeftovers();
            return dir;
        }
        catch { runLock.Dispose(); throw; }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    // the directory exists (created if missing) and a file can be written in it; the probe is always removed
    static void Writable(string path)
    {
        string probe = System.IO.Path.Combine(path, $".rein2-write-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(path);
            System.IO.File.WriteAllBytes(probe, [1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RunDirectoryException($"{path} cannot be written: {e.Message}");
        }
        finally
        {
            try { System.IO.File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // With the lock held, no other process writes here: temporary files and write probes of other
    // pids are what interrupted processes left behind.
    void RemoveLeftovers()
    {
        foreach (var f in Directory.EnumerateFiles(Path, ".*"))
        {
            string name = System.IO.Path.GetFileName(f);
            if (AtomicFile.TempOwner(name) is int pid && pid != Environment.ProcessId
                || name.StartsWith(".rein2-write-probe-", StringComparison.Ordinal))
                try { System.IO.File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
