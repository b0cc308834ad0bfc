// Episode statistics as SB3's Monitor wrapper and ep_info_buffer: raw (un-normalised) returns and
// lengths per lane, with the last 100 finished episodes kept for rollout/ep_rew_mean.
namespace Rein2.Pure.Algos;

/// <summary>Per-lane episode accounting.</summary>
public sealed class EpisodeMonitor(int numEnvs, int window = 100)
{
    readonly double[] _return = new double[numEnvs];
    readonly int[] _length = new int[numEnvs];
    readonly Queue<(double Return, int Length)> _recent = new();

    /// <summary>Every finished episode in order: (return, length, env step at which it finished).</summary>
    public List<(double Return, int Length, long EnvStep)> Finished { get; } = new();

    /// <summary>Records one step of every lane.</summary>
    public void Step(ReadOnlySpan<double> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, long envStep)
    {
        for (int i = 0; i < _return.Length; i++)
        {
            _return[i] += rewards[i];
            _length[i]++;
            if (terminated[i] || truncated[i])
            {
                // Monitor rounds the return to 6 decimals
                double r = Math.Round(_return[i], 6);
                Finished.Add((r, _length[i], envStep));
                _recent.Enqueue((r, _length[i]));
                if (_recent.Count > window) _recent.Dequeue();
                _return[i] = 0; _length[i] = 0;
            }
        }
    }

    /// <summary>Saves or restores the running episodes and every finished one (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("episode-monitor");
        a.Sync(_return); a.Sync(_length);
        int n = Finished.Count;
        a.Sync(ref n);
        if (n < 0) throw new InvalidDataException($"{n} finished episodes is out of range.");
        if (a.IsLoading) { Finished.Clear(); _recent.Clear(); }
        for (int i = 0; i < n; i++)
        {
            var (r, l, at) = a.IsLoading ? default : Finished[i];
            a.Sync(ref r); a.Sync(ref l); a.Sync(ref at);
            if (a.IsLoading) Finished.Add((r, l, at));
        }
        // the recent window is the tail of Finished
        if (a.IsLoading) foreach (var (r, l, _) in Finished.Skip(Math.Max(0, n - window))) _recent.Enqueue((r, l));
    }

    /// <summary>Mean return of the last (up to) 100 episodes, or NaN if none finished.</summary>
    public double MeanReturn => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Return);
    /// <summary>Mean length of the last (up to) 100 episodes, or NaN.</summary>
    public double MeanLength => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Length);
}
