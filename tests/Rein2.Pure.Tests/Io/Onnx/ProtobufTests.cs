// The wire format against the protobuf encoding guide's own examples (150 → 08 96 01, "testing" →
// 12 07 74 65 73 74 69 6e 67), round trips of every value kind, and the reader's refusals.
using FsCheck.Xunit;
using Rein2.Pure.Io.Onnx;

namespace Rein2.Pure.Tests.Io.Onnx;

public class ProtobufTests
{
    [Fact]
    public void TheEncodingGuidesExamplesAreWrittenByteForByte()
    {
        Assert.Equal(Convert.FromHexString("089601"), new ProtoWriter().Varint(1, 150).Written.ToArray());
        Assert.Equal(Convert.FromHexString("120774657374696e67"), new ProtoWriter().String(2, "testing").Written.ToArray());
        Assert.Equal(Convert.FromHexString("1a03089601"), new ProtoWriter().Message(3, m => m.Varint(1, 150)).Written.ToArray());
        // a negative int64 takes ten bytes
        Assert.Equal(Convert.FromHexString("08ffffffffffffffffff01"), new ProtoWriter().Varint(1, -1).Written.ToArray());
        Assert.Equal(Convert.FromHexString("0d0000803f"), new ProtoWriter().Float(1, 1f).Written.ToArray());
    }

    [Property(MaxTest = 300)]
    public void FieldsReadBackAsWritten(long v, float f, string? s, int field)
    {
        field = 1 + (int)((uint)field % 100_000);
        s ??= "";
        var bytes = new ProtoWriter().Varint(field, v).Float(field + 1, f).String(field + 2, s)
            .Message(field + 3, m => m.Varint(1, v)).RawFloats(field + 4, [f, -f]).Written.ToArray();
        var r = new ProtoReader(bytes);
        Assert.True(r.Next(out int f1, out var t1)); Assert.Equal(field, f1); Assert.Equal(v, r.Varint(f1, t1));
        Assert.True(r.Next(out int f2, out var t2)); Assert.Equal(field + 1, f2); Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits(r.Float(f2, t2)));
        // (a lone surrogate FsCheck may generate is written as U+FFFD, as UTF-8 encoders do)
        Assert.True(r.Next(out int f3, out var t3)); Assert.Equal(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s)), r.String(f3, t3));
        Assert.True(r.Next(out int f4, out var t4));
        var nested = new ProtoReader(r.Bytes(f4, t4, out int at), at);
        Assert.True(nested.Next(out int nf, out var nt)); Assert.Equal(v, nested.Varint(nf, nt));
        Assert.True(r.Next(out int f5, out var t5));
        var floats = new List<float>(); r.Floats(f5, t5, floats);
        Assert.Equal([f, -f], floats);
        Assert.False(r.Next(out _, out _));
    }

    [Fact]
    public void PackedAndUnpackedRepeatedFieldsBothRead()
    {
        var packed = new ProtoWriter().Bytes(1, [0x01, 0x96, 0x01, 0x03]).Varint(1, 7).Written.ToArray();
        var r = new ProtoReader(packed);
        var values = new List<long>();
        while (r.Next(out int f, out var t)) r.Varints(f, t, values);
        Assert.Equal([1L, 150L, 3L, 7L], values);
    }

    static string Refusal(byte[] bytes, Action<byte[]> read)
    {
        var e = Assert.Throws<InvalidDataException>(() => read(bytes));
        return e.Message;
    }

    [Fact]
    public void DamageIsRefusedWithItsOffset()
    {
        static void ReadAll(byte[] b)
        {
            var r = new ProtoReader(b);
            while (r.Next(out _, out var t)) r.Skip(t);
        }
        Assert.Contains("byte 1: the data ends inside a number", Refusal([0x08, 0x80], ReadAll));
        Assert.Contains("claims 100 bytes; 1 remain", Refusal([0x0A, 0x64, 0x00], ReadAll));
        Assert.Contains("longer than 64 bits", Refusal([0x08, .. Enumerable.Repeat((byte)0xFF, 9), 0x7F], ReadAll));
        Assert.Contains("field number 0", Refusal([0x00, 0x00], ReadAll));
        Assert.Contains("wire type 6", Refusal([0x0E], ReadAll));
        Assert.Contains("ends 3 bytes early", Refusal([0x0D, 0x00], ReadAll));
        Assert.Contains("not valid UTF-8", Refusal([0x0A, 0x01, 0xFF], b => { var r = new ProtoReader(b); r.Next(out int f, out var t); r.String(f, t); }));
        Assert.Contains("not a multiple of 4", Refusal([0x0A, 0x03, 1, 2, 3], b => { var r = new ProtoReader(b); r.Next(out int f, out var t); r.Floats(f, t, []); }));
    }
}
