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

    /// <summary>Mean return of the last (up to) 100 episodes, or NaN if none finished.</summary>
    public double MeanReturn => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Return);
    /// <summary>Mean length of the last (up to) 100 episodes, or NaN.</summary>
    public double MeanLength => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Length);
}
