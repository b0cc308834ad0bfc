// The one binary container every Rein2.Pure file uses (models, agents, checkpoints):
//   "REIN2PUR" (8 bytes) | format version u32 | kind u32 | payload length u64 | payload | CRC-32 u32
// little-endian. Version 2's CRC covers header and payload, so a flipped kind (an agent read as a
// model) is caught too; version 1 files, whose CRC covers the payload only, are still read. Written through AtomicFile (temporary file, flush, rename), so a crash never leaves a
// half-written file in place of a good one. Reading checks
// every field and names the file and the problem.
using System.Buffers.Binary;
using System.Text;

namespace Rein2.Pure.Io;

/// <summary>What a container holds.</summary>
internal enum ContainerKind : uint
{
    /// <summary>A trained actor-critic model (PPO/A2C), with its normalisation statistics.</summary>
    ActorCriticModel = 1,
    /// <summary>A Q-network model (DQN).</summary>
    QNetworkModel = 2,
    /// <summary>A standalone REIN-2 agent.</summary>
    Agent = 3,
    /// <summary>A training checkpoint.</summary>
    Checkpoint = 4,
    /// <summary>An application's own record (<see cref="RecordFile"/>), e.g. a grid job's result.</summary>
    Record = 5,
    /// <summary>A deterministic actor (REIN-2's produced agent for Box actions).</summary>
    ActorAgent = 6,
}

/// <summary>Writes and reads checked, atomically replaced binary files.</summary>
internal static class Container
{
    static readonly byte[] Magic = "REIN2PUR"u8.ToArray();
    /// <summary>The format version this build writes and reads.</summary>
    public const uint Version = 2;
    /// <summary>The older version this build still reads (its CRC covers the payload only).</summary>
    const uint PayloadChecksumVersion = 1;
    const int HeaderSize = 8 + 4 + 4 + 8;

    /// <summary>Writes <paramref name="payload"/> as a container of <paramref name="kind"/>, atomically.</summary>
    public static void Write(string path, ContainerKind kind, byte[] payload)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)kind);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), (ulong)payload.Length);
        var file = new byte[HeaderSize + payload.Length + 4];
        header.CopyTo(file, 0);
        payload.CopyTo(file, HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(HeaderSize + payload.Length), Crc32.Compute(file.AsSpan(0, HeaderSize + payload.Length)));
        AtomicFile.Write(path, fs => fs.Write(file));
    }

    /// <summary>
    /// Reads a container, checking magic, version, kind, the claimed length against the file's real
    /// size and the checksum — streamed in pieces before the payload is allocated, so a damaged or
    /// sparse file that claims a gigabyte costs no gigabyte of memory; returns the payload.
    /// </summary>
    public static byte[] Read(string path, ContainerKind expected)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var header = new byte[HeaderSize];
        if (fs.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || fs.Length < HeaderSize + 4 || !header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a Rein2.Pure file (missing REIN2PUR header).");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version != Version && version != PayloadChecksumVersion)
            throw new InvalidDataException($"{path}: format version {version}, this build reads versions {PayloadChecksumVersion} and {Version}.");
        var kind = (ContainerKind)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        if (kind != expected) throw new InvalidDataException($"{path}: holds {A(Describe(kind))}, expected {A(Describe(expected))}.");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(16));
        long actual = fs.Length - HeaderSize - 4;
        if (length != (ulong)actual)
            throw new InvalidDataException($"{path}: truncated or extended (header says {length} payload bytes, file has {actual}).");
        if (actual > Array.MaxLength) throw new InvalidDataException($"{path}: a payload of {actual} bytes is larger than this build reads ({Array.MaxLength}).");
        // pass 1: the checksum, a piece at a time
        uint crc = version == Version ? Crc32.Compute(header) : 0;
        var piece = new byte[Math.Min(actual, 1 << 20)];
        for (long left = actual; left > 0;)
        {
            int n = fs.Read(piece, 0, (int)Math.Min(piece.Length, left));
            if (n <= 0) throw new InvalidDataException($"{path}: truncated while reading.");
            crc = Crc32.Append(crc, piece.AsSpan(0, n));
            left -= n;
        }
        Span<byte> tail = stackalloc byte[4];
        fs.ReadExactly(tail);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(tail)) throw new InvalidDataException($"{path}: checksum mismatch (the file is corrupted).");
        // pass 2: the payload the checksum vouched for
        if (actual <= piece.Length) return piece.AsSpan(0, (int)actual).ToArray();
        var payload = new byte[actual];
        fs.Position = HeaderSize;
        fs.ReadExactly(payload);
        return payload;
    }

    /// <summary>The kind a file's header declares; throws as <see cref="Read"/> for a missing or non-Rein2.Pure file.</summary>
    public static ContainerKind PeekKind(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        var header = new byte[HeaderSize];
        using (var fs = File.OpenRead(path)) if (fs.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a Rein2.Pure file (missing REIN2PUR header).");
        return (ContainerKind)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
    }

    static string A(string noun) => ("aeiou".Contains(noun[0]) ? "an " : "a ") + noun;

    internal static string Describe(ContainerKind k) => k switch
    {
        ContainerKind.ActorCriticModel => "actor-critic model",
        ContainerKind.QNetworkModel => "Q-network model",
        ContainerKind.Agent => "REIN-2 agent",
        ContainerKind.Checkpoint => "checkpoint",
        ContainerKind.Record => "record",
        ContainerKind.ActorAgent => "REIN-2 actor",
        _ => $"file of unknown kind {(uint)k}",
    };

    /// <summary>Writes a length-prefixed UTF-8 string.</summary>
    public static void WriteString(BinaryWriter w, string s) { var b = Encoding.UTF8.GetBytes(s); w.Write(b.Length); w.Write(b); }

    /// <summary>Reads a length-prefixed UTF-8 string (at most 4096 bytes).</summary>
    public static string ReadString(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 4096) throw new InvalidDataException($"string length {n} is out of range.");
        return Encoding.UTF8.GetString(r.ReadBytes(n));
    }

    /// <summary>Writes a float array with its length.</summary>
    public static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> x) { w.Write(x.Length); foreach (float v in x) w.Write(v); }

    /// <summary>Reads a float array of exactly <paramref name="expected"/> values (−1: any length up to 2^28).</summary>
    public static float[] ReadFloats(BinaryReader r, int expected = -1)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > (1 << 28) || (expected >= 0 && n != expected))
            throw new InvalidDataException($"array length {n} does not match the expected {(expected >= 0 ? expected.ToString() : "range")}.");
        if (4L * n > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException();
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.ReadSingle();
        return x;
    }
}
