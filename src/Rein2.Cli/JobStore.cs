// The jobs of `reproduce table1|meta` kept on disk, so an interrupted grid loses nothing: DIR/jobs/
// holds, per job (named from its settings and seed), its result once finished (NAME.done, written
// atomically: the job's completion mark) and, when Ctrl-C or SIGTERM stopped it, its trainer's
// checkpoint (NAME.ckpt) with the job's own partial record (NAME.state, which names the step it was
// taken at, so a checkpoint and a record of different moments are never paired). Running the same
// command again reads the finished jobs and continues the checkpointed ones bit-identically.
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public sealed class JobStore(string outDir)
{
    // every record starts with this: a record of another format is named, never misread
    const string Header = "rein2-job-v1";
    public string Dir { get; } = Path.Combine(outDir, "jobs");

    string File(string name, string ext) => Path.Combine(Dir, name + ext);

    /// <summary>The finished job's result, read by <paramref name="read"/>; null when the job has not finished.</summary>
    T? Finished<T>(string name, Func<BinaryReader, T> read) where T : class
    {
        string path = File(name, ".done");
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            using var r = new BinaryReader(System.IO.File.OpenRead(path));
            if (r.ReadString() != Header) throw new FormatException($"not a {Header} record");
            return read(r);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw new InvalidDataException($"{path}: the finished job's record is damaged ({e.Message}); delete it to run the job again.");
        }
    }

    /// <summary>
    /// The job's result: read back when it finished before (<paramref name="kept"/>), else run now and
    /// recorded — its agent file first, then the record that marks it finished. Null when
    /// <paramref name="run"/> was interrupted (it checkpointed the job itself).
    /// </summary>
    public T? ReuseOrRun<T>(string name, Func<BinaryReader, string, T> read, Func<T?> run, Action<T, BinaryWriter> write, Func<T, IAgent?> agent, out bool kept) where T : class
    {
        string agentPath = AgentPath(name);
        var done = Finished(name, r => read(r, agentPath));
        kept = done != null;
        if (done != null) return done;
        var result = run();
        if (result is null) return null;
        if (agent(result) is IAgent a) AgentFile.Save(agentPath, a);
        Finish(name, w => write(result, w));
        return result;
    }

    /// <summary>Marks the job finished with its result (and drops its checkpoint).</summary>
    void Finish(string name, Action<BinaryWriter> write)
    {
        Directory.CreateDirectory(Dir);
        AtomicFile.Write(File(name, ".done"), s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); w.Write(Header); write(w); });
        foreach (var ext in new[] { ".ckpt", ".state" }) System.IO.File.Delete(File(name, ext));
    }

    /// <summary>The agent file kept beside a job's result.</summary>
    string AgentPath(string name) => File(name, ".agent");

    /// <summary>Checkpoints a running job: its trainer, then its own record tagged with the trainer's step.</summary>
    public void Checkpoint(string name, ITrainer trainer, Action<BinaryWriter> write)
    {
        Directory.CreateDirectory(Dir);
        CheckpointFile.Save(File(name, ".ckpt"), trainer);
        AtomicFile.Write(File(name, ".state"), s =>
        {
            using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(Header);
            w.Write(trainer.Steps);
            write(w);
        });
    }

    /// <summary>
    /// Restores a checkpointed job into <paramref name="trainer"/> (built with the job's settings) and
    /// its record through <paramref name="read"/>; false (start afresh) when there is none, or the two
    /// files are of different moments.
    /// </summary>
    public bool TryResume(string name, ITrainer trainer, Action<BinaryReader> read)
    {
        string ckpt = File(name, ".ckpt"), state = File(name, ".state");
        if (!System.IO.File.Exists(ckpt) || !System.IO.File.Exists(state)) return false;
        CheckpointFile.Restore(ckpt, trainer);
        try
        {
            using var r = new BinaryReader(System.IO.File.OpenRead(state));
            if (r.ReadString() != Header || r.ReadInt64() != trainer.Steps) throw new FormatException("it does not belong to the checkpoint beside it");
            read(r);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw new InvalidDataException($"{state}: the interrupted job's record is damaged ({e.Message}); delete it and {Path.GetFileName(ckpt)} to run the job again.");
        }
    }

    /// <summary>Whether the job has finished.</summary>
    public bool IsFinished(string name) => System.IO.File.Exists(File(name, ".done"));

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
