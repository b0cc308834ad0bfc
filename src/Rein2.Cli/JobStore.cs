// The jobs of a grid (`reproduce table1|meta`) kept on disk, so that an interrupted or preempted grid
// loses nothing and several processes — on one machine or on the nodes of a cluster sharing the
// directory — can work through one grid. Each job (named from its settings and seed) has a directory
// DIR/jobs/NAME/ holding:
//   result.bin    its result, written atomically once it finished: the job's completion mark (a
//                 checked RecordFile: a flipped bit is "damaged", never a wrong number in a table)
//   best.agent    its best agent (written before result.bin)
//   checkpoint.bin + state.bin   when SIGINT/SIGTERM or the clock checkpointed it: the trainer's
//                 checkpoint and the job's own partial record, tagged with the step, so the two are
//                 never mismatched (state.next: the record written before the checkpoint and renamed
//                 after it, so a kill -9 between the two files leaves a pair that belongs together)
//   failed.txt    why it failed (a diverged run, a broken environment); the next run tries again
//   claim         held open with an exclusive OS lock (flock) while a process runs the job: a second
//                 process skips the job, and the lock dies with its holder (kill -9, a lost node on
//                 a file system with working locks), so a crashed holder never leaves a job stuck
//   holder.txt    who holds the claim (pid, host, start), for `status`
using System.Globalization;
using Rein2.Pure;
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Cli;

/// <summary>What became of one job in this process.</summary>
public enum JobOutcome
{
    /// <summary>Run to the end here.</summary>
    Finished,
    /// <summary>Finished by an earlier run (or another process); its result was read back.</summary>
    Kept,
    /// <summary>Stopped by SIGINT/SIGTERM and checkpointed; the same command continues it.</summary>
    Interrupted,
    /// <summary>Another process holds it (a shard, a duplicated index); not touched here.</summary>
    Elsewhere,
    /// <summary>It threw; failed.txt says why.</summary>
    Failed,
}

public sealed class JobStore(string outDir, double checkpointMinutes = 5)
{
    // every record starts with this: a record of another format is named, never misread
    const string Header = "rein2-job-v1";
    const string ResultFile = "result.bin", AgentFileName = "best.agent", CheckpointName = "checkpoint.bin", StateFile = "state.bin", NextStateFile = "state.next",
                 FailedFile = "failed.txt", ClaimFile = "claim", HolderFile = "holder.txt";
    public string Dir { get; } = Path.Combine(outDir, "jobs");

    string JobDir(string name) => Path.Combine(Dir, name);
    string File(string name, string file) => Path.Combine(Dir, name, file);

    /// <summary>The finished job's result, read by <paramref name="read"/>; null when the job has not finished.</summary>
    T? Finished<T>(string name, Func<BinaryReader, T> read) where T : class
    {
        string path = File(name, ResultFile);
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            using var r = OpenRecord(path);
            return read(r);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: the finished job's record is damaged ({Reason(e, path)}); delete it to run the job again.");
        }
    }

    // a record's payload, past the header line every record starts with
    static BinaryReader OpenRecord(string path)
    {
        var r = new BinaryReader(new MemoryStream(RecordFile.Read(path)));
        if (r.ReadString() != Header) throw new FormatException($"not a {Header} record");
        return r;
    }

    static void WriteRecord(string path, Action<BinaryWriter> write) => RecordFile.Write(path, w => { w.Write(Header); write(w); });

    // the loader's message names the file already; the job's message names it once
    static string Reason(Exception e, string path) => e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..].TrimEnd('.') : e.Message;

    /// <summary>
    /// The job's result: read back when it finished before (Kept), else — when no other process holds
    /// the job (Elsewhere) — run now under its claim and recorded: its agent file first, then the
    /// record that marks it finished. <paramref name="run"/> returns null when interrupted (it
    /// checkpointed the job itself); an exception is recorded in failed.txt (Failed, with the message).
    /// </summary>
    public (T? Result, JobOutcome Outcome, string? Error) ReuseOrRun<T>(string name, Func<BinaryReader, string, T> read, Func<T?> run,
                                                                      Action<T, BinaryWriter> write, Func<T, IAgent?> agent) where T : class
    {
        string agentPath = File(name, AgentFileName);
        try
        {
            if (Finished(name, r => read(r, agentPath)) is T kept) return (kept, JobOutcome.Kept, null);
        }
        catch (InvalidDataException e) { return (null, JobOutcome.Failed, e.Message); }   // a damaged record stops this job, not the grid
        using var claim = TryLock(name);
        if (claim is null) return (null, JobOutcome.Elsewhere, null);
        WriteText(File(name, HolderFile),
            $"pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} on {Environment.MachineName}, since {DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}");
        // finished by another process between the look and the claim
        try
        {
            if (Finished(name, r => read(r, agentPath)) is T late) return (late, JobOutcome.Kept, null);
        }
        catch (InvalidDataException e) { return (null, JobOutcome.Failed, e.Message); }
        System.IO.File.Delete(File(name, FailedFile));
        T? result;
        try { result = run(); }
        catch (Exception e) when (e is not (OutOfMemoryException or OutputUnwritableException))
        {
            string why = e is InvalidDataException or InvalidSettingException or IOException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            WriteText(File(name, FailedFile), why);
            return (null, JobOutcome.Failed, why);
        }
        if (result is null) return (null, JobOutcome.Interrupted, null);
        if (agent(result) is IAgent a) AgentFile.Save(agentPath, a);
        WriteRecord(File(name, ResultFile), w => write(result, w));
        foreach (var f in new[] { CheckpointName, StateFile, NextStateFile }) System.IO.File.Delete(File(name, f));
        return (result, JobOutcome.Finished, null);
    }

    /// <summary>
    /// Claims the job for this process: an exclusive OS lock (flock) on DIR/jobs/NAME/claim, held
    /// until disposed and released by the kernel if the process dies; null when another process holds it.
    /// </summary>
    FileStream? TryLock(string name)
    {
        Directory.CreateDirectory(JobDir(name));
        try { return new FileStream(File(name, ClaimFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (System.IO.File.Exists(File(name, ClaimFile))) { return null; }
    }

    static void WriteText(string path, string line) =>
        AtomicFile.Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(line + "\n"); });

    /// <summary>
    /// Runs a job's trainer through <paramref name="learn"/> (given a token to pause on; true once the
    /// job's run is complete), checkpointing it every checkpointMinutes of wall time — so a node lost
    /// to kill -9 or a preemption without warning costs at most that — and when
    /// <paramref name="interrupt"/> fires (then false). A pause and continue leaves the run as it
    /// would have been (every trainer resumes bit-identically).
    /// </summary>
    public bool Learn(string name, ITrainer trainer, Func<CancellationToken, bool> learn, Action<BinaryWriter> write, CancellationToken interrupt)
    {
        while (true)
        {
            using var pause = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
            if (checkpointMinutes > 0) pause.CancelAfter(TimeSpan.FromMinutes(checkpointMinutes));
            if (learn(pause.Token)) return true;
            Checkpoint(name, trainer, write);
            if (interrupt.IsCancellationRequested) return false;
        }
    }

    /// <summary>
    /// Checkpoints a running job: its own record tagged with the trainer's step (as state.next), the
    /// trainer, then the record renamed into place. A kill -9 anywhere leaves a pair that belongs
    /// together: before the trainer's checkpoint, the old checkpoint with the old state.bin; after it,
    /// the new checkpoint with state.next (or, once renamed, state.bin).
    /// </summary>
    public void Checkpoint(string name, ITrainer trainer, Action<BinaryWriter> write)
    {
        Directory.CreateDirectory(JobDir(name));
        WriteRecord(File(name, NextStateFile), w => { w.Write(trainer.Steps); write(w); });
        CheckpointFile.Save(File(name, CheckpointName), trainer);
        System.IO.File.Move(File(name, NextStateFile), File(name, StateFile), overwrite: true);
    }

    /// <summary>
    /// Restores a checkpointed job into <paramref name="trainer"/> (built with the job's settings) and
    /// its record through <paramref name="read"/>; false (start afresh) when there is none, or the two
    /// files are of different moments.
    /// </summary>
    public bool TryResume(string name, ITrainer trainer, Action<BinaryReader> read)
    {
        string ckpt = File(name, CheckpointName), state = File(name, StateFile), next = File(name, NextStateFile);
        if (!System.IO.File.Exists(ckpt) || !System.IO.File.Exists(state) && !System.IO.File.Exists(next)) return false;
        CheckpointFile.Restore(ckpt, trainer);
        try
        {
            // the record of the checkpoint's step: state.bin, or state.next when a kill came between the checkpoint and the rename
            foreach (string candidate in new[] { state, next })
            {
                if (!System.IO.File.Exists(candidate)) continue;
                using var r = OpenRecord(candidate);
                if (r.ReadInt64() != trainer.Steps) continue;
                read(r);
                return true;
            }
            throw new FormatException("it does not belong to the checkpoint beside it");
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{state}: the interrupted job's record is damaged ({Reason(e, state)}); delete it and {Path.GetFileName(ckpt)} to run the job again.");
        }
    }

    /// <summary>Whether the job has finished.</summary>
    public bool IsFinished(string name) => System.IO.File.Exists(File(name, ResultFile));

    /// <summary>The states <see cref="Status"/> reports, in the order `status` counts them.</summary>
    public static readonly string[] States = ["done", "running", "checkpointed", "failed", "missing"];

    /// <summary>Where the job stands, as `status` prints it: done, running (and who runs it), failed (and why), checkpointed, or missing.</summary>
    public (string State, string Detail) Status(string name)
    {
        if (IsFinished(name))
        {
            try { using var r = OpenRecord(File(name, ResultFile)); return ("done", ""); }
            catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or InvalidDataException)
            { return ("failed", CommandLine.Printable($"{ResultFile} is damaged ({Reason(e, File(name, ResultFile))}); delete it to run the job again")); }
        }
        if (!Directory.Exists(JobDir(name))) return ("missing", "");
        if (System.IO.File.Exists(File(name, ClaimFile)))
        {
            using var probe = TryLock(name);
            if (probe is null) return ("running", ReadLine(File(name, HolderFile)));
        }
        if (System.IO.File.Exists(File(name, FailedFile))) return ("failed", ReadLine(File(name, FailedFile)));
        if (System.IO.File.Exists(File(name, CheckpointName))) return ("checkpointed", "");
        return ("missing", "");
    }

    static string ReadLine(string path)
    {
        try { return CommandLine.Printable(System.IO.File.ReadLines(path).FirstOrDefault() ?? ""); }
        catch (IOException) { return ""; }
    }

    public static void WriteArray(BinaryWriter w, double[] a) { w.Write(a.Length); foreach (var v in a) w.Write(v); }
    public static void WriteArray(BinaryWriter w, long[] a) { w.Write(a.Length); foreach (var v in a) w.Write(v); }

    public static double[] ReadDoubles(BinaryReader r) => ReadArray(r, x => x.ReadDouble());
    public static long[] ReadLongs(BinaryReader r) => ReadArray(r, x => x.ReadInt64());

    static T[] ReadArray<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        int n = r.ReadInt32();
        if (n is < 0 or > 1 << 28) throw new FormatException($"an array of {n} values");
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = read(r);
        return a;
    }
}
