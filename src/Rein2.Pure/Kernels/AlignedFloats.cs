// A float buffer whose first element sits on a 64-byte boundary. .NET arrays are only 8-byte
// aligned, so with 64-byte (Vector512) loads every one straddles two cache lines and costs two; a
// pinned array (it never moves) entered at the right offset avoids that. Rows of a matrix stay
// aligned when the row length is a multiple of 16 floats.
using System.Runtime.CompilerServices;

namespace Rein2.Pure;

/// <summary>A zero-initialised float buffer aligned to 64 bytes.</summary>
internal sealed class AlignedFloats
{
    readonly float[] _array;
    readonly int _offset;

    /// <summary>Number of floats.</summary>
    public int Length { get; }

    /// <summary>Allocates <paramref name="length"/> zeroed floats on a 64-byte boundary.</summary>
    public unsafe AlignedFloats(int length)
    {
        ThrowHelper.RequireNonNegative(length, nameof(length));
        Length = length;
        _array = GC.AllocateArray<float>(length + 16, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref _array[0]);
        _offset = (int)((64 - address % 64) % 64 / sizeof(float));
    }

    /// <summary>The floats.</summary>
    public Span<float> Span => _array.AsSpan(_offset, Length);

    /// <summary>Element <paramref name="i"/> (bounds-checked against the underlying array).</summary>
    public ref float this[int i] => ref _array[_offset + i];
}
