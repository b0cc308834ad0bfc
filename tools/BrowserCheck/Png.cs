// Just enough PNG decoding to tell a blank screenshot from a drawn one: 8-bit RGB or RGBA,
// non-interlaced (what Chromium writes), the five scanline filters of the PNG specification.
using System.Buffers.Binary;
using System.IO.Compression;

static class Png
{
    /// <summary>Width, height and RGB bytes (3 per pixel) of a PNG file's contents.</summary>
    public static (int Width, int Height, byte[] Rgb) Decode(byte[] png)
    {
        int pos = 8, width = 0, height = 0, colorType = 0;
        var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data); height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colorType = data[9];
                if (data[8] != 8 || colorType is not (2 or 6) || data[12] != 0) throw new InvalidDataException($"PNG: bit depth {data[8]}, colour type {colorType}, interlace {data[12]} not handled.");
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + len;
        }
        int bpp = colorType == 6 ? 4 : 3, stride = width * bpp;
        var raw = new MemoryStream();
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        var src = raw.ToArray();
        var cur = new byte[stride];
        var prev = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int filter = src[y * (stride + 1)];
            var line = src.AsSpan(y * (stride + 1) + 1, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                int pred = filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG: filter {filter}."),
                };
                cur[i] = (byte)(line[i] + pred);
            }
            for (int x = 0; x < width; x++)
                for (int k = 0; k < 3; k++) rgb[(y * width + x) * 3 + k] = cur[x * bpp + k];
            (prev, cur) = (cur, prev);
        }
        return (width, height, rgb);
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
