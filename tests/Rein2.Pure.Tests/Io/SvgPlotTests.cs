// Learning-curve SVGs stay small however long the run: the smoothed line keeps at most its lowest
// and highest point per pixel column, so its extremes are still drawn.
using System.Text.RegularExpressions;
using Rein2.Cli;

namespace Rein2.Pure.Tests.Io;

public class SvgPlotTests
{
    [Fact]
    public void LongSeriesAreThinnedToTwoPointsPerPixelColumnKeepingTheExtremes()
    {
        int n = 150_000;
        var x = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        var y = x.Select(v => v == 75_000 ? 1000.0 : Math.Sin(v / 5000)).ToArray(); // one spike
        string svg = SvgPlot.Render("t", "x", "y", [new PlotSeries("s", x, y, "#000")], smooth: 1);
        var points = Regex.Match(svg, "<polyline points=\"([^\"]*)\"").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(points.Length, 600, 2 * 720);
        Assert.Contains(points, p => p.EndsWith(",58")); // the spike reaches the top of the plot area
        Assert.True(svg.Length < 100_000, $"{svg.Length} characters");
    }
}

public class SvgPlotReadabilityTests
{
    [Theory]
    [InlineData(1, 10000, 2000)]
    [InlineData(-500, -72.3, 100)]
    [InlineData(0.1, 0.93, 0.2)]
    [InlineData(1, 2500, 500)]
    public void TicksAreRoundNumbersSpanningTheData(double lo, double hi, double step)
    {
        var (ticks, min, max) = SvgPlot.Axis(lo, hi);
        Assert.True(min <= lo && max >= hi, $"[{min}, {max}] does not cover [{lo}, {hi}]");
        Assert.InRange(ticks.Length, 3, 11);
        for (int i = 1; i < ticks.Length; i++) Assert.Equal(step, ticks[i] - ticks[i - 1], 9);
        Assert.All(ticks, t => Assert.Equal(0, Math.Abs(Math.IEEERemainder(t, step)), 9));
    }

    [Fact]
    public void TheLegendStandsRightOfThePlotAndTheNoteSaysWhatTheBandIs()
    {
        var x = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        var y = x.Select(v => -v).ToArray();
        string svg = SvgPlot.Render("t", "x", "y", [new PlotSeries("random", x, y, "#777", y.Select(v => v - 5).ToArray(), y.Select(v => v + 5).ToArray()),
                                                    new PlotSeries("best so far", x, y, "#777", Dashed: true)], 1, "shaded: range over seeds");
        Assert.Contains("shaded: range over seeds", svg);
        Assert.Contains("stroke-dasharray", svg);
        Assert.Single(Regex.Matches(svg, "<polygon"));
        // every data point is left of x = 700, every legend item right of it
        var polyX = Regex.Matches(svg, "<polyline points=\"([^\"]*)\"").SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => double.Parse(p.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(polyX, px => Assert.True(px <= 700));
        var legendX = Regex.Matches(svg, "<text x=\"([0-9.]+)\" y=\"[0-9.]+\">(random|best so far)</text>").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, legendX.Count());
        Assert.All(legendX, lx => Assert.True(lx > 700));
    }
}
