// Outputs are guarded like inputs (issue 31): the library tells a device, a FIFO and a socket from a
// regular file without opening them, and its one writer never renames over one of them (as root that
// replaced /dev/null); a checked record catches a flipped bit; a file that claims a gigabyte is
// checked in pieces, never read whole into memory. Devices and FIFOs are private ones made in a
// temporary folder, never the real /dev/null.
using System.Buffers.Binary;
using System.Diagnostics;
using Rein2.Pure.Io;

namespace Rein2.Pure.Tests.Io;

public class OutputGuardTests
{
    static string NewDir() => Directory.CreateTempSubdirectory("rein2-guard-").FullName;

    static string Make(string tool, string path, params string[] more)
    {
        using (var p = Process.Start(tool, [path, .. more])) p.WaitForExit();
        return path;
    }

    [Fact]
    public void FileKindTellsEveryKindWithoutOpeningIt()
    {
        string d = NewDir();
        File.WriteAllText(Path.Combine(d, "file"), "x");
        File.WriteAllText(Path.Combine(d, "empty"), "");
        File.CreateSymbolicLink(Path.Combine(d, "link"), Path.Combine(d, "file"));
        File.CreateSymbolicLink(Path.Combine(d, "dangling"), Path.Combine(d, "nowhere"));
        Assert.Equal(EntryKind.Regular, FileKind.Of(Path.Combine(d, "file")));
        Assert.Equal(EntryKind.Regular, FileKind.Of(Path.Combine(d, "empty")));   // empty, but regular: not mistaken for a device
        Assert.Equal(EntryKind.Regular, FileKind.Of(Path.Combine(d, "link")));
        Assert.Equal(EntryKind.Missing, FileKind.Of(Path.Combine(d, "dangling")));
        Assert.Equal(EntryKind.Missing, FileKind.Of(Path.Combine(d, "none", "deeper")));
        Assert.Equal(EntryKind.Directory, FileKind.Of(d));
        Assert.Equal(EntryKind.Device, FileKind.Of(Make("mknod", Path.Combine(d, "null"), "c", "1", "3")));
        Assert.Equal(EntryKind.Fifo, FileKind.Of(Make("mkfifo", Path.Combine(d, "pipe"))));   // would block an open
        Assert.Null(FileKind.ReplaceProblem(Path.Combine(d, "file")));
        Assert.Null(FileKind.ReplaceProblem(Path.Combine(d, "new-name")));
    }

    [Fact]
    public void TheAtomicWriterNeverReplacesADeviceOrAFifo()
    {
        string d = NewDir();
        string device = Make("mknod", Path.Combine(d, "null"), "c", "1", "3"), fifo = Make("mkfifo", Path.Combine(d, "pipe"));
        foreach (string target in new[] { device, fifo })
        {
            var e = Assert.Throws<IOException>(() => AtomicFile.Write(target, s => s.WriteByte(1)));
            Assert.Contains("it is never replaced", e.Message);
        }
        Assert.Equal(EntryKind.Device, FileKind.Of(device));
        Assert.Equal(EntryKind.Fifo, FileKind.Of(fifo));
        Assert.Equal(["null", "pipe"], Directory.GetFileSystemEntries(d).Select(Path.GetFileName).Order());   // no temporary file left
    }

    [Fact]
    public void ARecordCatchesAFlippedBitAnywhere()
    {
        string path = Path.Combine(NewDir(), "result.bin");
        RecordFile.Write(path, w => { w.Write("rein2-job-v1"); w.Write(500.0); });
        var r = new BinaryReader(new MemoryStream(RecordFile.Read(path)));
        Assert.Equal("rein2-job-v1", r.ReadString());
        Assert.Equal(500.0, r.ReadDouble());
        byte[] good = File.ReadAllBytes(path);
        for (int bit = 0; bit < good.Length * 8; bit++)
        {
            var bad = (byte[])good.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(path, bad);
            Assert.Throws<InvalidDataException>(() => RecordFile.Read(path));
        }
    }

    // a 4 KB file made sparse to 1 GB, whose header claims that gigabyte: refused by its checksum,
    // read in 1 MB pieces — the loader never holds the claimed payload
    [Fact]
    public void AFileClaimingAGigabyteIsCheckedInPiecesNotReadWhole()
    {
        string path = Path.Combine(NewDir(), "huge.agent");
        AgentFile.Save(path, new Rein2.Pure.Meta.Rein2Trainer(new Rein2.Pure.Meta.Rein2Options { MetaLearner = Rein2.Pure.Meta.MetaLearner.Random, MetaSteps = 1, Episodes = 1 }, 0).Agent);
        const long claimed = 1L << 30;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)claimed);
            fs.Position = 16;
            fs.Write(len);
            fs.SetLength(24 + claimed + 4);   // sparse: no disk is written
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => AgentFile.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("checksum mismatch", e.Message);
        Assert.True(allocated < 16L << 20, $"{allocated:N0} bytes allocated to refuse a file claiming {claimed:N0}");
    }
}
