// CRC-32 against its published check value and zlib's, and the sliced version against the
// byte-at-a-time reference on random data of every length.
using FsCheck.Xunit;
using Rein2.Pure.Io;

namespace Rein2.Pure.Tests.Io;

public class Crc32Tests
{
    [Fact]
    public void MatchesTheStandardCheckValues()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));                                   // the CRC-32/ISO-HDLC check value
        Assert.Equal(0x414FA339u, Crc32.Compute("The quick brown fox jumps over the lazy dog"u8));  // zlib.crc32 of the pangram
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Property(MaxTest = 300)]
    public void SlicedEqualsBytewise(byte[] data, byte skip)
    {
        data ??= [];
        var span = data.AsSpan(Math.Min(skip % 8, data.Length)); // unaligned starts too
        Assert.Equal(Crc32.ComputeBytewise(span), Crc32.Compute(span));
    }
}
