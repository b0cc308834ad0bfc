// The protocol-buffer wire format, as much of it as an ONNX file uses: varints, 32-bit floats and
// length-delimited fields (strings, bytes, packed arrays, nested messages). Reference: the protobuf
// encoding guide (protobuf.dev/programming-guides/encoding). Our own, so the library keeps zero
// package references.
// The reader trusts nothing: every length is checked against the bytes that remain before anything
// is sliced or allocated, every wire type against the one the field needs, so a hostile file costs at
// most its own size and ends in an InvalidDataException naming the byte offset.
using System.Buffers.Binary;
using System.Text;

namespace Rein2.Pure.Io.Onnx;

/// <summary>The wire types a field can be written with.</summary>
internal enum WireType { Varint = 0, Fixed64 = 1, Len = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 }

/// <summary>Appends protobuf fields to a growing buffer; nested messages are written by a writer of their own.</summary>
internal sealed class ProtoWriter
{
    byte[] _buffer = new byte[256];
    int _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>field = v (varint; negative int64s take ten bytes, as protobuf writes them).</summary>
    public ProtoWriter Varint(int field, long v) { Tag(field, WireType.Varint); RawVarint((ulong)v); return this; }

    /// <summary>field = f (fixed 32-bit float).</summary>
    public ProtoWriter Float(int field, float f)
    {
        Tag(field, WireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Grow(4), f);
        return this;
    }

    /// <summary>field = the UTF-8 bytes of <paramref name="s"/>.</summary>
    public ProtoWriter String(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));

    /// <summary>field = <paramref name="bytes"/> (length-delimited).</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, WireType.Len);
        RawVarint((ulong)bytes.Length);
        bytes.CopyTo(Grow(bytes.Length));
        return this;
    }

    /// <summary>field = a nested message written by <paramref name="body"/>.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var nested = new ProtoWriter();
        body(nested);
        return Bytes(field, nested.Written);
    }

    /// <summary>field = the floats as little-endian raw bytes (ONNX's raw_data).</summary>
    public ProtoWriter RawFloats(int field, ReadOnlySpan<float> values)
    {
        Tag(field, WireType.Len);
        RawVarint((ulong)values.Length * 4);
        var dst = Grow(values.Length * 4);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(dst[(4 * i)..], values[i]);
        return this;
    }

    void Tag(int field, WireType type) => RawVarint(((ulong)field << 3) | (ulong)type);

    void RawVarint(ulong v)
    {
        while (v >= 0x80) { Grow(1)[0] = (byte)(v | 0x80); v >>= 7; }
        Grow(1)[0] = (byte)v;
    }

    Span<byte> Grow(int n)
    {
        if (_length + n > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
        var span = _buffer.AsSpan(_length, n);
        _length += n;
        return span;
    }
}

/// <summary>Reads the fields of one message in order; a nested message is read by a reader over its bytes.</summary>
internal ref struct ProtoReader
{
    readonly ReadOnlySpan<byte> _data;
    readonly int _base;   // offset of _data in the file, for messages
    int _pos;

    /// <summary>A reader over <paramref name="data"/>, which starts at byte <paramref name="fileOffset"/> of the file.</summary>
    public ProtoReader(ReadOnlySpan<byte> data, int fileOffset = 0) { _data = data; _base = fileOffset; _pos = 0; }

    /// <summary>The file offset of the next byte.</summary>
    public readonly int Offset => _base + _pos;

    /// <summary>The next field's number and wire type; false at the end of the message.</summary>
    public bool Next(out int field, out WireType type)
    {
        field = 0; type = 0;
        if (_pos >= _data.Length) return false;
        int at = Offset;
        ulong tag = RawVarint();
        if (tag >> 3 is 0 or > int.MaxValue) throw Bad(at, $"field number {tag >> 3} is not valid");
        field = (int)(tag >> 3);
        type = (WireType)(tag & 7);
        if (type is WireType.StartGroup or WireType.EndGroup || (int)type > 5) throw Bad(at, $"field {field} has wire type {(int)type}, which ONNX never uses");
        return true;
    }

    /// <summary>A varint field's value (checks the wire type).</summary>
    public long Varint(int field, WireType type) { Expect(field, type, WireType.Varint); return (long)RawVarint(); }

    /// <summary>A fixed 32-bit float field's value.</summary>
    public float Float(int field, WireType type)
    {
        Expect(field, type, WireType.Fixed32);
        return BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    }

    /// <summary>A length-delimited field's bytes (a view of the file, nothing copied), and where they start.</summary>
    public ReadOnlySpan<byte> Bytes(int field, WireType type, out int fileOffset)
    {
        Expect(field, type, WireType.Len);
        int at = Offset;
        ulong n = RawVarint();
        if (n > (ulong)(_data.Length - _pos)) throw Bad(at, $"field {field} claims {n:N0} bytes; {_data.Length - _pos:N0} remain");
        fileOffset = Offset;
        return Take((int)n);
    }

    /// <summary>A length-delimited field as UTF-8 text.</summary>
    public string String(int field, WireType type)
    {
        var bytes = Bytes(field, type, out int at);
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw Bad(at, $"field {field} is not valid UTF-8 text"); }
    }

    /// <summary>Steps over a field this reader does not use.</summary>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint: RawVarint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.Fixed32: Take(4); break;
            case WireType.Len: Bytes(0, WireType.Len, out _); break;
        }
    }

    /// <summary>
    /// A repeated varint field, packed (one length-delimited run) or not (one value per tag), appended to
    /// <paramref name="into"/>; a packed run's count is bounded by its own bytes.
    /// </summary>
    public void Varints(int field, WireType type, List<long> into)
    {
        if (type == WireType.Varint) { into.Add((long)RawVarint()); return; }
        var run = new ProtoReader(Bytes(field, type, out int at), at);
        while (run._pos < run._data.Length) into.Add((long)run.RawVarint());
    }

    /// <summary>A repeated float field, packed or not, appended to <paramref name="into"/>.</summary>
    public void Floats(int field, WireType type, List<float> into)
    {
        if (type == WireType.Fixed32) { into.Add(BinaryPrimitives.ReadSingleLittleEndian(Take(4))); return; }
        var bytes = Bytes(field, type, out int at);
        if (bytes.Length % 4 != 0) throw Bad(at, $"packed floats of field {field} take {bytes.Length} bytes, not a multiple of 4");
        for (int i = 0; i < bytes.Length; i += 4) into.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]));
    }

    void Expect(int field, WireType got, WireType want)
    {
        if (got != want) throw Bad(Offset, $"field {field} has wire type {got}, expected {want}");
    }

    ulong RawVarint()
    {
        int at = Offset;
        ulong v = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_pos >= _data.Length) throw Bad(at, "the data ends inside a number");
            byte b = _data[_pos++];
            if (shift == 63 && b > 1) throw Bad(at, "a number is longer than 64 bits");
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return v;
        }
        throw Bad(at, "a number is longer than 10 bytes");
    }

    ReadOnlySpan<byte> Take(int n)
    {
        if (n > _data.Length - _pos) throw Bad(Offset, $"the data ends {n - (_data.Length - _pos)} bytes early");
        var span = _data.Slice(_pos, n);
        _pos += n;
        return span;
    }

    static InvalidDataException Bad(int offset, string why) => new($"byte {offset:N0}: {why}.");
}
