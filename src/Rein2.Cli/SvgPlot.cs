// A small SVG line-plot writer (no dependencies) for learning curves: each series is a line (solid,
// or dashed for a best-so-far), optionally over a shaded band whose meaning the caller states in the
// plot's note (e.g. the range over seeds). Axes carry round ticks (1, 2 or 5 × 10^k), the legend sits
// in its own column right of the plot so it never covers data, and a line of any length is thinned to
// its lowest and highest point per pixel column, so a 150,000-step run writes a few KB.
using System.Globalization;
using System.Text;

namespace Rein2.Cli;

/// <summary>One curve: x and y values, colour; an optional band (lower, upper per point); dashed for a best-so-far line.</summary>
public sealed record PlotSeries(string Name, double[] X, double[] Y, string Color, double[]? Lower = null, double[]? Upper = null, bool Dashed = false);

/// <summary>Writes learning-curve plots as SVG.</summary>
public static class SvgPlot
{
    const int W = 900, H = 440, Left = 72, PlotRight = 700, Top = 58, Bottom = 50, LegendX = 716;
    const double MaxDrawable = 1e300;

    /// <summary>
    /// Renders the series, each smoothed with a trailing window of <paramref name="smooth"/> points
    /// (its band too), to SVG text; <paramref name="note"/> says what the lines and bands are.
    /// </summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, int smooth, string note = "")
    {
        // a value near ±1.8e308 (a forged or diverged log) would make the axis span infinite and every
        // coordinate NaN: such values are left out, and the picture says how many
        int dropped = 0;
        double[]? Drawable(double[]? v)
        {
            if (v is null || !v.Any(x => Math.Abs(x) > MaxDrawable && double.IsFinite(x))) return v;
            dropped += v.Count(x => Math.Abs(x) > MaxDrawable && double.IsFinite(x));
            return [.. v.Select(x => Math.Abs(x) > MaxDrawable ? double.NaN : x)];
        }
        series = [.. series.Select(s => s with { X = Drawable(s.X)!, Y = Drawable(s.Y)!, Lower = Drawable(s.Lower), Upper = Drawable(s.Upper) })];
        if (dropped > 0) note = (note.Length > 0 ? note + "; " : "") + $"{dropped} value{(dropped == 1 ? "" : "s")} beyond ±1e300 not drawn";
        var drawn = series.Where(s => s.X.Length > 0).Select(s => (S: s, Y: Smooth(s.Y, smooth), Lo: s.Lower is null ? null : Smooth(s.Lower, smooth), Hi: s.Upper is null ? null : Smooth(s.Upper, smooth))).ToList();
        var ys = drawn.SelectMany(d => d.Y.Concat(d.Lo ?? []).Concat(d.Hi ?? [])).Where(double.IsFinite).ToArray();
        var xs = drawn.SelectMany(d => d.S.X).Where(double.IsFinite).ToArray();
        var (xTicks, xmin, xmax) = Axis(xs.Length > 0 ? xs.Min() : 0, xs.Length > 0 ? xs.Max() : 1);
        var (yTicks, ymin, ymax) = Axis(ys.Length > 0 ? ys.Min() : 0, ys.Length > 0 ? ys.Max() : 1);
        double Px(double x) => Left + (x - xmin) / (xmax - xmin) * (PlotRight - Left);
        double Py(double y) => H - Bottom - (y - ymin) / (ymax - ymin) * (H - Top - Bottom);
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append($"<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n");
        sb.Append($"<text x=\"{(Left + PlotRight) / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        if (note.Length > 0) sb.Append($"<text x=\"{(Left + PlotRight) / 2}\" y=\"40\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">{Escape(note)}</text>\n");
        foreach (double t in yTicks)
        {
            sb.Append($"<line x1=\"{Left}\" y1=\"{F(Py(t))}\" x2=\"{PlotRight}\" y2=\"{F(Py(t))}\" stroke=\"#eee\"/>\n");
            sb.Append($"<text x=\"{Left - 6}\" y=\"{F(Py(t) + 4)}\" text-anchor=\"end\">{Label(t)}</text>\n");
        }
        foreach (double t in xTicks)
            sb.Append($"<line x1=\"{F(Px(t))}\" y1=\"{H - Bottom}\" x2=\"{F(Px(t))}\" y2=\"{H - Bottom + 4}\" stroke=\"black\"/>\n<text x=\"{F(Px(t))}\" y=\"{H - Bottom + 18}\" text-anchor=\"middle\">{Label(t)}</text>\n");
        sb.Append($"<line x1=\"{Left}\" y1=\"{H - Bottom}\" x2=\"{PlotRight}\" y2=\"{H - Bottom}\" stroke=\"black\"/>\n");
        sb.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{H - Bottom}\" stroke=\"black\"/>\n");
        sb.Append($"<text x=\"{(Left + PlotRight) / 2}\" y=\"{H - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        sb.Append($"<text transform=\"translate(16,{(Top + H - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        int legendY = Top + 6;
        foreach (var (s, y, lo, hi) in drawn)
        {
            if (lo != null && hi != null) sb.Append($"<polygon points=\"{Band(s.X, lo, hi, Px, Py)}\" fill=\"{s.Color}\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
            string dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            sb.Append($"<polyline points=\"{Thinned(s.X, y, Px, Py)}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.6\"{dash}/>\n");
            sb.Append($"<line x1=\"{LegendX}\" y1=\"{legendY - 4}\" x2=\"{LegendX + 22}\" y2=\"{legendY - 4}\" stroke=\"{s.Color}\" stroke-width=\"3\"{dash}/>\n");
            sb.Append($"<text x=\"{LegendX + 28}\" y=\"{legendY}\">{Escape(s.Name)}</text>\n");
            legendY += 18;
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Per point: the mean, minimum and maximum over several runs' curves (of equal length).</summary>
    public static (double[] Mean, double[] Min, double[] Max) AcrossRuns(IReadOnlyList<double[]> runs)
    {
        int n = runs.Min(r => r.Length);
        var (mean, min, max) = (new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            var v = runs.Select(r => r[i]).Where(double.IsFinite).ToArray();
            (mean[i], min[i], max[i]) = v.Length == 0 ? (double.NaN, double.NaN, double.NaN) : (v.Average(), v.Min(), v.Max());
        }
        return (mean, min, max);
    }

    /// <summary>Round ticks for [lo, hi]: steps of 1, 2 or 5 × 10^k, about five of them, and the axis range they span.</summary>
    public static (double[] Ticks, double Min, double Max) Axis(double lo, double hi)
    {
        if (!(hi > lo)) { lo -= 1; hi += 1; }
        double raw = (hi - lo) / 5, mag = Math.Pow(10, Math.Floor(Math.Log10(raw))), f = raw / mag;
        double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
        double min = Math.Floor(lo / step) * step, max = Math.Ceiling(hi / step) * step;
        int n = (int)Math.Round((max - min) / step);
        return (Enumerable.Range(0, n + 1).Select(i => Math.Round((min + i * step) / step) * step).ToArray(), min, max);
    }

    /// <summary>A trailing mean over <paramref name="window"/> points (NaN points skipped).</summary>
    public static double[] Smooth(double[] y, int window)
    {
        var r = new double[y.Length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < y.Length; i++)
        {
            // a trailing mean over the finite values of the window
            if (double.IsFinite(y[i])) { sum += y[i]; count++; }
            if (i >= window && double.IsFinite(y[i - window])) { sum -= y[i - window]; count--; }
            r[i] = count > 0 ? sum / count : double.NaN;
        }
        return r;
    }

    // the line, thinned to its lowest and highest point per pixel column (in order)
    static string Thinned(double[] xs, double[] ys, Func<double, double> px, Func<double, double> py)
    {
        var line = new StringBuilder();
        int col = int.MinValue;
        (double X, double Y) lo = default, hi = default;
        void Flush()
        {
            if (col == int.MinValue) return;
            var (a, b) = lo.X <= hi.X ? (lo, hi) : (hi, lo);
            line.Append($"{F(a.X)},{F(a.Y)} ");
            if (b != a) line.Append($"{F(b.X)},{F(b.Y)} ");
        }
        for (int i = 0; i < xs.Length; i++)
        {
            if (!double.IsFinite(ys[i]) || !double.IsFinite(xs[i])) continue;
            (double X, double Y) p = (px(xs[i]), py(ys[i]));
            if ((int)p.X != col) { Flush(); col = (int)p.X; lo = hi = p; }
            else { if (p.Y < lo.Y) lo = p; if (p.Y > hi.Y) hi = p; }
        }
        Flush();
        return line.ToString();
    }

    // the band between lower and upper, one point per pixel column each way
    static string Band(double[] xs, double[] lower, double[] upper, Func<double, double> px, Func<double, double> py)
    {
        var cols = new SortedDictionary<int, (double Lo, double Hi)>();
        for (int i = 0; i < xs.Length; i++)
        {
            if (!double.IsFinite(lower[i]) || !double.IsFinite(upper[i]) || !double.IsFinite(xs[i])) continue;
            int c = (int)px(xs[i]);
            cols[c] = cols.TryGetValue(c, out var v) ? (Math.Min(v.Lo, lower[i]), Math.Max(v.Hi, upper[i])) : (lower[i], upper[i]);
        }
        var band = new StringBuilder();
        foreach (var (c, v) in cols) band.Append($"{c},{F(py(v.Hi))} ");
        foreach (var (c, v) in cols.Reverse()) band.Append($"{c},{F(py(v.Lo))} ");
        return band.ToString();
    }

    static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    static string Label(double v) => Math.Abs(v) >= 10_000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);
    static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
