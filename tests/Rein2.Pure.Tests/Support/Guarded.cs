// Sentinel-guarded buffers: a kernel that writes one element past its span is caught.
namespace Rein2.Pure.Tests.Support;

public sealed class Guarded
{
    const int Pad = 37;
    const float Sentinel = -12345.678f;
    readonly float[] _buf;
    public int Length { get; }

    public Guarded(int length)
    {
        Length = length;
        _buf = new float[length + 2 * Pad];
        Array.Fill(_buf, Sentinel);
        Span.Clear();
    }

    public Guarded(float[] values) : this(values.Length) => values.CopyTo(Span);

    public Span<float> Span => _buf.AsSpan(Pad, Length);

    public void AssertGuardsIntact()
    {
        for (int i = 0; i < Pad; i++)
        {
            Assert.True(_buf[i] == Sentinel, $"write before the buffer at offset {i - Pad}");
            Assert.True(_buf[Pad + Length + i] == Sentinel, $"write past the buffer end at +{i}");
        }
    }
}
