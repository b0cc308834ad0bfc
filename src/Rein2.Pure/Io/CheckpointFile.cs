// A training checkpoint: a Container of kind Checkpoint whose payload is one StateArchive walk —
//   command ("train"/"baseline") | settings (key → value, enough to rebuild the run) | the caller's
//   state (its log, counters, the trainer with every network, optimizer, generator and environment)
// Loading happens in two steps because the run must be rebuilt from the settings before its state
// can be read into it in place: Open reads the header, Restore fills the rebuilt run and checks
// that nothing is left over. Every failure names the file and the problem.
// Every checkpoint records the numeric path it was made on (SimdPaths.NumericPath: vector width and
// FMA decide how float sums round); opening one from another path is refused unless asked for,
// because the run would then continue, but not bit-identically.
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;

namespace Rein2.Pure.Io;

/// <summary>Saves and opens training checkpoints.</summary>
public static class CheckpointFile
{
    const string NumericPathKey = "numeric_path";

    /// <summary>Writes a checkpoint atomically (temp file, flush, rename).</summary>
    internal static void Save(string path, string command, IEnumerable<KeyValuePair<string, string>> settings, Action<StateArchive> state)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            var a = StateArchive.ForSaving(w);
            a.Section("checkpoint " + command);
            var list = settings.Append(new(NumericPathKey, SimdPaths.NumericPath)).ToList();
            int n = list.Count;
            a.Sync(ref n);
            foreach (var (k, v) in list) { string key = k, value = v; a.Sync(ref key); a.Sync(ref value); }
            state(a);
        }
        Container.Write(path, ContainerKind.Checkpoint, ms.ToArray());
    }

    /// <summary>
    /// Writes <paramref name="trainer"/>'s whole state to <paramref name="path"/> atomically (the
    /// previous checkpoint stays intact until the new one is complete). Restore it into a trainer
    /// built with the same settings with <see cref="Restore(string, ITrainer, bool)"/>. A faulted
    /// trainer is refused (<see cref="TrainerFaultedException"/>).
    /// </summary>
    public static void Save(string path, ITrainer trainer) =>
        Save(path, "trainer", [new("trainer", trainer.GetType().Name), new("env", trainer.EnvId), .. TrainerSettings.ToStore(trainer)], trainer.Sync);

    /// <summary>
    /// Reads a checkpoint written by <see cref="Save(string, ITrainer)"/> into <paramref name="trainer"/>,
    /// which must have been built with the same settings (the first that differs is named, with both
    /// values; the budget may be raised); it then continues bit-identically. A
    /// checkpoint made on another numeric path is refused unless <paramref name="allowOtherNumericPath"/>
    /// (the run then continues with differently rounded sums).
    /// </summary>
    public static void Restore(string path, ITrainer trainer, bool allowOtherNumericPath = false)
    {
        var open = Open(path, "trainer", allowOtherNumericPath);
        if (open.Get("trainer") != trainer.GetType().Name || open.Get("env") != trainer.EnvId)
            throw new InvalidDataException($"{path}: the checkpoint is of a {open.Get("trainer")} on {open.Get("env")}, not of a {trainer.GetType().Name} on {trainer.EnvId}.");
        TrainerSettings.RequireSame(path, open.Settings, trainer);
        open.Restore(trainer.Sync);
    }

    /// <summary>Opens a checkpoint written by <paramref name="command"/> and reads its settings; another numeric path is refused unless allowed.</summary>
    internal static OpenCheckpoint Open(string path, string command, bool allowOtherNumericPath = false)
    {
        byte[] payload = Container.Read(path, ContainerKind.Checkpoint);
        var reader = new BinaryReader(new MemoryStream(payload));
        var archive = StateArchive.ForLoading(reader);
        var settings = new List<KeyValuePair<string, string>>();
        OpenCheckpoint.Guard(path, () =>
        {
            archive.Section("checkpoint " + command);
            int n = 0;
            archive.Sync(ref n);
            if (n is < 0 or > 10_000) throw new InvalidDataException($"{n} settings is out of range.");
            for (int i = 0; i < n; i++) { string k = "", v = ""; archive.Sync(ref k); archive.Sync(ref v); settings.Add(new(k, v)); }
        });
        string made = settings.FirstOrDefault(kv => kv.Key == NumericPathKey).Value ?? "an unrecorded path";
        settings.RemoveAll(kv => kv.Key == NumericPathKey);
        if (made != SimdPaths.NumericPath && !allowOtherNumericPath)
            throw new InvalidDataException($"{path} was made on the numeric path '{made}'; here it is '{SimdPaths.NumericPath}'. " +
                "Continued here the run would round its sums differently and differ from an uninterrupted one; resume it on a machine and build with the same path, or allow the change explicitly.");
        return new OpenCheckpoint(path, settings, archive, reader) { NumericPath = made };
    }
}

/// <summary>A checkpoint whose settings have been read; <see cref="Restore"/> reads the rest into a rebuilt run.</summary>
internal sealed class OpenCheckpoint
{
    readonly StateArchive _archive;
    readonly BinaryReader _reader;

    internal OpenCheckpoint(string path, IReadOnlyList<KeyValuePair<string, string>> settings, StateArchive archive, BinaryReader reader)
    {
        Path = path; Settings = settings; _archive = archive; _reader = reader;
    }

    /// <summary>The file.</summary>
    public string Path { get; }
    /// <summary>The numeric path the checkpoint was made on.</summary>
    public string NumericPath { get; init; } = "";
    /// <summary>The settings the run was started with.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; }

    /// <summary>The value of setting <paramref name="key"/>; a missing key is an error naming the file.</summary>
    public string Get(string key) =>
        Settings.FirstOrDefault(kv => kv.Key == key).Value ?? throw new InvalidDataException($"{Path}: the checkpoint has no '{key}' setting.");

    /// <summary>Reads the saved state into the rebuilt run (same walk as the save) and checks the file is used up.</summary>
    public void Restore(Action<StateArchive> state) => Guard(Path, () =>
    {
        state(_archive);
        if (_reader.BaseStream.Position != _reader.BaseStream.Length)
            throw new InvalidDataException($"{_reader.BaseStream.Length - _reader.BaseStream.Position} bytes are left after the saved state.");
    });

    internal static void Guard(string path, Action body)
    {
        try { body(); }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {(e is EndOfStreamException ? "the saved state ends early" : e.Message)}");
        }
    }
}
