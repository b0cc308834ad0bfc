// The statistics of `rein2 reproduce meta` (and table1's mean ± std), written out so they can be read
// and checked:
//   Wilcoxon signed-rank test, exact two-sided p-value for paired samples (zero differences
//     dropped, tied |differences| given their average rank — Wilcoxon/Pratt as scipy's default
//     "wilcox" zero method), by enumerating all 2ⁿ sign patterns (n ≤ 20);
//   interquartile mean (IQM: the mean of the middle 50 %, as rliable reports it), with a percentile
//     bootstrap confidence interval from a seeded generator.
using Rein2.Pure.Rng;

namespace Rein2.Cli;

public static class PairedStats
{
    /// <summary>Mean and sample standard deviation (n − 1; 0 for one value): Table 1's "mean ± std over seeds".</summary>
    public static (double Mean, double Std) MeanAndStd(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return (mean, values.Count > 1 ? Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1)) : 0);
    }

    /// <summary>
    /// The exact p as a table cell, and — when there are fewer than 6 non-zero differences — how small
    /// it could have been at best (2/2ⁿ two-sided): with 3 seeds p is never below 0.25, so "p = 1"
    /// there says the sample is too small to test, not that the learners are alike.
    /// </summary>
    public static string WilcoxonText(IReadOnlyList<double> differences, string format)
    {
        int n = differences.Count(d => d != 0);
        string p = WilcoxonExactP(differences).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        if (n == 0) return $"{p} (every difference is zero)";
        return n >= 6 ? p : $"{p} (n = {n}: p ≥ {(2.0 / (1L << n)).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} at best, too few to reach 0.05)";
    }

    /// <summary>Exact two-sided p-value of the Wilcoxon signed-rank test on <paramref name="differences"/> (1 when all are zero).</summary>
    public static double WilcoxonExactP(IReadOnlyList<double> differences)
    {
        var d = differences.Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0) return 1;
        if (n > 20) throw new ArgumentOutOfRangeException(nameof(differences), n, "the exact test enumerates 2^n sign patterns; n must be ≤ 20.");
        // average ranks of |d|
        var order = Enumerable.Range(0, n).OrderBy(i => Math.Abs(d[i])).ToArray();
        var rank = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && Math.Abs(d[order[j + 1]]) == Math.Abs(d[order[i]])) j++;
            for (int k = i; k <= j; k++) rank[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        double wPlus = Enumerable.Range(0, n).Where(i => d[i] > 0).Sum(i => rank[i]);
        double total = rank.Sum(), observed = Math.Min(wPlus, total - wPlus);
        long atLeastAsExtreme = 0, patterns = 1L << n;
        for (long m = 0; m < patterns; m++)
        {
            double w = 0;
            for (int i = 0; i < n; i++) if ((m >> i & 1) != 0) w += rank[i];
            if (Math.Min(w, total - w) <= observed + 1e-9) atLeastAsExtreme++;
        }
        return Math.Min(1, (double)atLeastAsExtreme / patterns);
    }

    /// <summary>The mean of the middle 50 % of <paramref name="values"/>; a value straddling a quartile counts with the fraction of it inside.</summary>
    public static double InterquartileMean(IReadOnlyList<double> values)
    {
        var v = values.Order().ToArray();
        int n = v.Length;
        if (n == 0) return double.NaN;
        // weight each sorted value by how much of it lies in the middle half of [0, n)
        double lo = n / 4.0, hi = 3 * n / 4.0, sum = 0;
        for (int i = 0; i < n; i++) sum += v[i] * Math.Max(0, Math.Min(i + 1, hi) - Math.Max(i, lo));
        return sum / (hi - lo);
    }

    /// <summary>A 95 % percentile-bootstrap interval of the IQM (resamples drawn from a seeded PCG64).</summary>
    public static (double Low, double High) BootstrapIqm(IReadOnlyList<double> values, int resamples = 10_000, ulong seed = 0)
    {
        var rng = new Pcg64(seed);
        var stats = new double[resamples];
        var sample = new double[values.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = values[(int)rng.Integers(0, values.Count)];
            stats[b] = InterquartileMean(sample);
        }
        Array.Sort(stats);
        return (stats[(int)(0.025 * (resamples - 1))], stats[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }
}
