// Checkpoint state, saved and loaded by one walk. Every stateful component (trainers, optimizers,
// environments, generators, statistics) has a Sync(StateArchive) method that visits its fields in a
// fixed order; the archive writes them when saving and reads them back in place when loading, so
// save and load cannot disagree on the order. Arrays are checked against the length the loading run
// allocated, and named section tags catch a checkpoint of another configuration at the first
// mismatch, with a message naming both. Raw little-endian bytes (every .NET target we ship is LE).
// It sits at the bottom of the library (it needs only the generator), so every layer can checkpoint
// without depending on the file formats in Io, which build on it.
using System.Runtime.InteropServices;
using System.Text;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Checkpoints;

/// <summary>Writes or reads (in place) the state of a run's components.</summary>
public sealed class StateArchive
{
    readonly BinaryWriter? _w;
    readonly BinaryReader? _r;

    StateArchive(BinaryWriter? w, BinaryReader? r) { _w = w; _r = r; }

    /// <summary>An archive that writes every visited field to <paramref name="writer"/>.</summary>
    public static StateArchive ForSaving(BinaryWriter writer) => new(writer, null);
    /// <summary>An archive that overwrites every visited field from <paramref name="reader"/>.</summary>
    public static StateArchive ForLoading(BinaryReader reader) => new(null, reader);

    /// <summary>True when fields are being read back.</summary>
    public bool IsLoading => _r != null;

    /// <summary>A named tag: on load, the checkpoint must hold the same tag at this point.</summary>
    public void Section(string name)
    {
        if (_w != null) { var b = Encoding.UTF8.GetBytes(name); _w.Write(b.Length); _w.Write(b); return; }
        int n = _r!.ReadInt32();
        if (n < 0 || n > 4096) throw new InvalidDataException($"a section tag of {n} bytes is out of range.");
        var bytes = _r.ReadBytes(n);
        if (bytes.Length != n) throw new EndOfStreamException();
        string found = Encoding.UTF8.GetString(bytes);
        if (found != name) throw new InvalidDataException($"the checkpoint holds '{found}' where this run expects '{name}' (was it written by another command or configuration?).");
    }

    /// <summary>A 32-bit integer.</summary>
    public void Sync(ref int x) { if (_w != null) _w.Write(x); else x = _r!.ReadInt32(); }
    /// <summary>A 64-bit integer.</summary>
    public void Sync(ref long x) { if (_w != null) _w.Write(x); else x = _r!.ReadInt64(); }
    /// <summary>A double.</summary>
    public void Sync(ref double x) { if (_w != null) _w.Write(x); else x = _r!.ReadDouble(); }
    /// <summary>A float.</summary>
    public void Sync(ref float x) { if (_w != null) _w.Write(x); else x = _r!.ReadSingle(); }
    /// <summary>A boolean.</summary>
    public void Sync(ref bool x) { if (_w != null) _w.Write(x); else x = _r!.ReadBoolean(); }

    /// <summary>A UTF-8 string of up to 256 MiB (settings, logs).</summary>
    public void Sync(ref string x)
    {
        if (_w != null) { var b = Encoding.UTF8.GetBytes(x); _w.Write(b.Length); _w.Write(b); return; }
        int n = _r!.ReadInt32();
        if (n < 0 || n > (256 << 20)) throw new InvalidDataException($"a saved text of {n} bytes is out of range.");
        if (n > _r.BaseStream.Length - _r.BaseStream.Position) throw new EndOfStreamException();
        var bytes = _r.ReadBytes(n);
        if (bytes.Length != n) throw new EndOfStreamException();
        x = Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A PCG64 generator: state, increment and NumPy's buffered 32-bit half.</summary>
    public void Sync(ref Pcg64 g)
    {
        if (_w != null)
        {
            _w.Write((ulong)(g.State >> 64)); _w.Write((ulong)g.State);
            _w.Write((ulong)(g.Increment >> 64)); _w.Write((ulong)g.Increment);
            var (has, buffer) = g.Uint32Buffer;
            _w.Write(has); _w.Write(buffer);
            return;
        }
        var state = new UInt128(_r!.ReadUInt64(), _r.ReadUInt64());
        var inc = new UInt128(_r.ReadUInt64(), _r.ReadUInt64());
        bool hasHalf = _r.ReadBoolean();
        uint half = _r.ReadUInt32();
        if ((inc & 1) == 0) throw new InvalidDataException("a saved generator has an even PCG64 increment.");
        g = Pcg64.FromState(state, inc, hasHalf, half);
    }

    /// <summary>A float array of the length this run allocated.</summary>
    public void Sync(Span<float> x) => SyncBytes(MemoryMarshal.AsBytes(x), x.Length, "float");
    /// <summary>A double array of the length this run allocated.</summary>
    public void Sync(Span<double> x) => SyncBytes(MemoryMarshal.AsBytes(x), x.Length, "double");
    /// <summary>An int array of the length this run allocated.</summary>
    public void Sync(Span<int> x) => SyncBytes(MemoryMarshal.AsBytes(x), x.Length, "int");
    /// <summary>A bool array of the length this run allocated.</summary>
    public void Sync(Span<bool> x)
    {
        var bytes = MemoryMarshal.AsBytes(x);
        SyncBytes(bytes, x.Length, "bool");
        if (IsLoading) foreach (byte b in bytes) if (b > 1) throw new InvalidDataException($"a saved flag holds {b}, not 0 or 1.");
    }

    void SyncBytes(Span<byte> bytes, int count, string type)
    {
        if (_w != null) { _w.Write(count); _w.Write(bytes); return; }
        int n = _r!.ReadInt32();
        if (n != count) throw new InvalidDataException($"the checkpoint holds {n} {type} values where this run has {count}.");
        if (_r.Read(bytes) != bytes.Length) throw new EndOfStreamException();
    }
}
