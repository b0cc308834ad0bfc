// A small SVG line-plot writer (no dependencies) for learning curves in the paper's style: a smoothed
// line per series with the raw values shaded behind it (min–max per pixel column).
using System.Globalization;
using System.Text;

namespace Rein2.Cli;

/// <summary>One curve: x values, y values, colour.</summary>
public sealed record PlotSeries(string Name, double[] X, double[] Y, string Color);

/// <summary>Writes learning-curve plots as SVG.</summary>
public static class SvgPlot
{
    const int W = 720, H = 420, Left = 70, Right = 20, Top = 40, Bottom = 50;

    /// <summary>Renders the series (smoothed with a trailing window of <paramref name="smooth"/> points) to SVG text.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, int smooth)
    {
        double xmin = series.Min(s => s.X.Length > 0 ? s.X.Min() : 0), xmax = series.Max(s => s.X.Length > 0 ? s.X.Max() : 1);
        double ymin = series.Min(s => s.Y.Length > 0 ? s.Y.Min() : 0), ymax = series.Max(s => s.Y.Length > 0 ? s.Y.Max() : 1);
        if (xmax <= xmin) xmax = xmin + 1;
        if (ymax <= ymin) ymax = ymin + 1;
        double Px(double x) => Left + (x - xmin) / (xmax - xmin) * (W - Left - Right);
        double Py(double y) => H - Bottom - (y - ymin) / (ymax - ymin) * (H - Top - Bottom);
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append($"<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n");
        sb.Append($"<text x=\"{W / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        sb.Append($"<line x1=\"{Left}\" y1=\"{H - Bottom}\" x2=\"{W - Right}\" y2=\"{H - Bottom}\" stroke=\"black\"/>\n");
        sb.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{H - Bottom}\" stroke=\"black\"/>\n");
        for (int t = 0; t <= 4; t++)
        {
            double xv = xmin + t * (xmax - xmin) / 4, yv = ymin + t * (ymax - ymin) / 4;
            string anchor = t == 0 ? "start" : t == 4 ? "end" : "middle";
            sb.Append($"<text x=\"{F(Px(xv))}\" y=\"{H - Bottom + 18}\" text-anchor=\"{anchor}\">{F(xv)}</text>\n");
            sb.Append($"<text x=\"{Left - 6}\" y=\"{F(Py(yv) + 4)}\" text-anchor=\"end\">{F(yv)}</text>\n");
            sb.Append($"<line x1=\"{Left}\" y1=\"{F(Py(yv))}\" x2=\"{W - Right}\" y2=\"{F(Py(yv))}\" stroke=\"#eee\"/>\n");
        }
        sb.Append($"<text x=\"{(Left + W - Right) / 2}\" y=\"{H - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        sb.Append($"<text transform=\"translate(16,{(Top + H - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        int legendY = Top + 10;
        foreach (var s in series)
        {
            if (s.X.Length == 0) continue;
            // shaded raw band: min and max of the raw values in each pixel column
            var cols = new SortedDictionary<int, (double Lo, double Hi)>();
            for (int i = 0; i < s.X.Length; i++)
            {
                int c = (int)Px(s.X[i]);
                cols[c] = cols.TryGetValue(c, out var v) ? (Math.Min(v.Lo, s.Y[i]), Math.Max(v.Hi, s.Y[i])) : (s.Y[i], s.Y[i]);
            }
            var band = new StringBuilder();
            foreach (var (c, v) in cols) band.Append($"{c},{F(Py(v.Hi))} ");
            foreach (var (c, v) in cols.Reverse()) band.Append($"{c},{F(Py(v.Lo))} ");
            sb.Append($"<polygon points=\"{band}\" fill=\"{s.Color}\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
            // the smoothed line, thinned to its lowest and highest point per pixel column (in order):
            // the drawing is unchanged, but a 150,000-step run no longer writes 150,000 points
            var line = new StringBuilder();
            double sum = 0;
            int col = int.MinValue;
            (double X, double Y) lo = default, hi = default;
            void Flush()
            {
                if (col == int.MinValue) return;
                var (a, b) = lo.X <= hi.X ? (lo, hi) : (hi, lo);
                line.Append($"{F(a.X)},{F(a.Y)} ");
                if (b != a) line.Append($"{F(b.X)},{F(b.Y)} ");
            }
            for (int i = 0; i < s.X.Length; i++)
            {
                sum += s.Y[i];
                if (i >= smooth) sum -= s.Y[i - smooth];
                (double X, double Y) p = (Px(s.X[i]), Py(sum / Math.Min(i + 1, smooth)));
                if ((int)p.X != col) { Flush(); col = (int)p.X; lo = hi = p; }
                else { if (p.Y < lo.Y) lo = p; if (p.Y > hi.Y) hi = p; }
            }
            Flush();
            sb.Append($"<polyline points=\"{line}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.6\"/>\n");
            sb.Append($"<rect x=\"{W - Right - 170}\" y=\"{legendY - 9}\" width=\"12\" height=\"12\" fill=\"{s.Color}\"/>\n");
            sb.Append($"<text x=\"{W - Right - 152}\" y=\"{legendY + 1}\">{Escape(s.Name)}</text>\n");
            legendY += 18;
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
