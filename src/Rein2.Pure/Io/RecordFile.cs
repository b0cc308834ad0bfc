// An application's own small binary record in the project's checked container: magic, version, kind,
// length and CRC-32, written atomically. A grid job's result is one: a flipped bit in a stored return
// is then "checksum mismatch", never a table cell of 12,753,305.6.
namespace Rein2.Pure.Io;

/// <summary>Checked, atomically written records (bytes an application lays out itself).</summary>
public static class RecordFile
{
    /// <summary>Writes <paramref name="payload"/> to <paramref name="path"/> atomically, with a header and a CRC-32.</summary>
    public static void Write(string path, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Container.Write(path, ContainerKind.Record, payload);
    }

    /// <summary>Writes what <paramref name="write"/> puts in a <see cref="BinaryWriter"/> as a record (see <see cref="Write(string, byte[])"/>).</summary>
    public static void Write(string path, Action<BinaryWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) write(w);
        Write(path, ms.ToArray());
    }

    /// <summary>The payload of a record; an <see cref="InvalidDataException"/> naming the file when it is missing a header, of another kind, truncated or corrupted.</summary>
    public static byte[] Read(string path) => Container.Read(path, ContainerKind.Record);
}
