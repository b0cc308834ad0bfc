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
        Assert.Contains(points, p => p.EndsWith(",40")); // the spike reaches the top of the plot area
        Assert.True(svg.Length < 100_000, $"{svg.Length} characters");
    }
}
