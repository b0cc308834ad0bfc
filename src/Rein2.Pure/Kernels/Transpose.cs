// dst (cols,rows) = srcᵀ for src (rows,cols), both row-major. Walked in 16×16 blocks so both the
// reads and the strided writes stay within a few cache lines (a naive loop misses on every write).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rein2.Pure;

public static partial class Kernels
{
    /// <summary>dst[c·rows + r] = src[r·cols + c].</summary>
    public static void Transpose(Span<float> dst, ReadOnlySpan<float> src, int rows, int cols)
    {
        ThrowHelper.RequireNonNegative(rows, nameof(rows));
        ThrowHelper.RequireNonNegative(cols, nameof(cols));
        ThrowHelper.RequireLength(src.Length, rows * cols, nameof(src));
        ThrowHelper.RequireLength(dst.Length, rows * cols, nameof(dst));
        TransposeUnchecked(ref MemoryMarshal.GetReference(dst), ref MemoryMarshal.GetReference(src), rows, cols);
    }

    /// <summary>Reference implementation: the naive double loop.</summary>
    public static void TransposeScalar(Span<float> dst, ReadOnlySpan<float> src, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
    }

    internal static void TransposeUnchecked(ref float dst, ref float src, int rows, int cols)
    {
        const int Block = 16;
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(r0 + Block, rows);
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int c1 = Math.Min(c0 + Block, cols);
                for (int r = r0; r < r1; r++)
                {
                    ref float s = ref Unsafe.Add(ref src, r * cols);
                    for (int c = c0; c < c1; c++) Unsafe.Add(ref dst, c * rows + r) = Unsafe.Add(ref s, c);
                }
            }
        }
    }
}
