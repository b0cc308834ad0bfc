// Running mean and variance merged batch by batch with the parallel (Chan et al.) formula, as SB3's
// common/running_mean_std.py: mean 0, var 1, count 1e-4 initially; each batch's population
// variance (ddof 0). Kept in float64.
namespace Rein2.Pure.Algos;

/// <summary>Per-feature running mean and variance.</summary>
public sealed class RunningMeanStd
{
    /// <summary>Running mean per feature.</summary>
    public double[] Mean { get; }
    /// <summary>Running variance per feature.</summary>
    public double[] Var { get; }
    /// <summary>Number of samples merged (starts at 1e-4, as SB3).</summary>
    public double Count { get; set; } = 1e-4;

    /// <summary>Creates statistics for <paramref name="size"/> features.</summary>
    public RunningMeanStd(int size)
    {
        ThrowHelper.RequirePositive(size, nameof(size));
        Mean = new double[size];
        Var = new double[size];
        Array.Fill(Var, 1.0);
    }

    /// <summary>Saves or restores mean, variance and count (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Sync(Mean); a.Sync(Var);
        double c = Count; a.Sync(ref c); Count = c;
    }

    /// <summary>Merges a batch of <paramref name="rows"/> rows of Mean.Length features.</summary>
    public void Update(ReadOnlySpan<float> batch, int rows)
    {
        int d = Mean.Length;
        for (int j = 0; j < d; j++)
        {
            double m = 0;
            for (int r = 0; r < rows; r++) m += batch[r * d + j];
            m /= rows;
            double v = 0;
            for (int r = 0; r < rows; r++) { double e = batch[r * d + j] - m; v += e * e; }
            v /= rows;
            Merge(j, m, v, rows);
        }
    }

    /// <summary>Merges a batch of scalars (one feature).</summary>
    public void Update(ReadOnlySpan<double> batch)
    {
        double m = 0; foreach (double x in batch) m += x;
        m /= batch.Length;
        double v = 0; foreach (double x in batch) v += (x - m) * (x - m);
        v /= batch.Length;
        Merge(0, m, v, batch.Length);
    }

    void Merge(int j, double batchMean, double batchVar, int batchCount)
    {
        double delta = batchMean - Mean[j];
        double tot = Count + batchCount;
        double m2 = Var[j] * Count + batchVar * batchCount + delta * delta * Count * batchCount / tot;
        Mean[j] += delta * batchCount / tot;
        Var[j] = m2 / tot;
        if (j == Mean.Length - 1) Count = tot; // all features share one count
    }
}
