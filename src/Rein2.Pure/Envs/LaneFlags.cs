// Per-lane booleans (terminated, truncated) written and tested 8 at a time: a bool[] is one byte per
// lane, so 8 lanes are one 64-bit word. Expand turns a comparison's lane bitmask into those bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rein2.Pure.Envs;

/// <summary>Bitmask ↔ bool[] helpers for batched environments.</summary>
internal static class LaneFlags
{
    // Expanded[m] has byte k = bit k of m (0 or 1)
    static readonly ulong[] Expanded = BuildTable();

    static ulong[] BuildTable()
    {
        var t = new ulong[256];
        for (int m = 0; m < 256; m++)
            for (int k = 0; k < 8; k++)
                if ((m >> k & 1) != 0) t[m] |= 1UL << (8 * k);
        return t;
    }

    /// <summary>flags[i + k] = bit k of <paramref name="mask"/>, for k &lt; <paramref name="count"/> (4 or 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<bool> flags, int i, uint mask, int count)
    {
        ref byte at = ref Unsafe.As<bool, byte>(ref flags[i]);
        if (count == 8) { _ = flags[i + 7]; Unsafe.WriteUnaligned(ref at, Expanded[mask & 0xFF]); }
        else { _ = flags[i + 3]; Unsafe.WriteUnaligned(ref at, (uint)Expanded[mask & 0xF]); }
    }

    /// <summary>flags[i + k] |= bit k of <paramref name="mask"/>, for k &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Or(Span<bool> flags, int i, uint mask)
    {
        ref byte at = ref Unsafe.As<bool, byte>(ref flags[i]);
        _ = flags[i + 7];
        Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<ulong>(ref at) | Expanded[mask & 0xFF]);
    }

    /// <summary>flags[i … i+7] as one word, lane k in byte k (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read8(ReadOnlySpan<bool> flags, int i) => MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(flags.Slice(i, 8)));

    /// <summary>Whether any of flags[i … i+7] is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any8(ReadOnlySpan<bool> flags, int i) => Read8(flags, i) != 0;
}
