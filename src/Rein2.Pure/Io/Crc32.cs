// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of our file formats.
// Compute uses "slicing by 8": eight 256-entry tables let one step consume 8 bytes with 8 independent
// lookups instead of 8 dependent ones (checkpoints are megabytes; the byte-at-a-time loop was the
// larger part of writing one). ComputeBytewise is the textbook reference the tests compare it with.
using System.Buffers.Binary;

namespace Rein2.Pure.Io;

/// <summary>CRC-32 as zlib computes it.</summary>
internal static class Crc32
{
    // Tables[k][b]: the CRC contribution of byte b followed by k zero bytes
    static readonly uint[][] Tables = BuildTables();

    static uint[][] BuildTables()
    {
        var t = new uint[8][];
        for (int k = 0; k < 8; k++) t[k] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int j = 0; j < 8; j++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int i = 0; i < 256; i++) t[k][i] = t[0][t[k - 1][i] & 0xFF] ^ (t[k - 1][i] >> 8);
        return t;
    }

    /// <summary>CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The CRC-32 of the bytes <paramref name="crc"/> covered followed by <paramref name="data"/> (zlib's crc32(crc, data)), so a file is checked in pieces.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3], t4 = Tables[4], t5 = Tables[5], t6 = Tables[6], t7 = Tables[7];
        uint c = crc ^ 0xFFFFFFFFu;
        int i = 0;
        for (; i <= data.Length - 8; i += 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) ^ c;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            c = t7[lo & 0xFF] ^ t6[(lo >> 8) & 0xFF] ^ t5[(lo >> 16) & 0xFF] ^ t4[lo >> 24]
              ^ t3[hi & 0xFF] ^ t2[(hi >> 8) & 0xFF] ^ t1[(hi >> 16) & 0xFF] ^ t0[hi >> 24];
        }
        for (; i < data.Length; i++) c = t0[(c ^ data[i]) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    /// <summary>Reference: one table lookup per byte.</summary>
    public static uint ComputeBytewise(ReadOnlySpan<byte> data)
    {
        uint[] t0 = Tables[0];
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data) c = t0[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
