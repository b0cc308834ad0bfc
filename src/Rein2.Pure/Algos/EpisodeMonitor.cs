// Episode statistics as SB3's Monitor wrapper and ep_info_buffer: raw (un-normalised) returns and
// lengths per lane, the number of finished episodes, and the last 100 of them for
// rollout/ep_rew_mean and ep_len_mean. Nothing grows with the length of the run: a host that logs
// every episode (the library's TrainingRun writes monitor.csv) takes them as they finish.
namespace Rein2.Pure.Algos;

/// <summary>Per-lane episode accounting with SB3's 100-episode window.</summary>
public sealed class EpisodeMonitor(int numEnvs, int window = 100)
{
    readonly double[] _return = new double[numEnvs];
    readonly int[] _length = new int[numEnvs];
    readonly Queue<(double Return, int Length)> _recent = new();
    List<FinishedEpisode>? _unread;

    /// <summary>Episodes finished so far.</summary>
    public long Count { get; private set; }

    /// <summary>The last (up to) 100 finished episodes, oldest first.</summary>
    public IReadOnlyCollection<(double Return, int Length)> Recent => _recent;

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
                Count++;
                _recent.Enqueue((r, _length[i]));
                if (_recent.Count > window) _recent.Dequeue();
                _unread?.Add(new FinishedEpisode(r, _length[i], envStep));
                _return[i] = 0; _length[i] = 0;
            }
        }
    }

    /// <summary>
    /// Moves the episodes finished since the last call into <paramref name="into"/> (the first call
    /// starts the record; until then none are kept). A host calls it after every iteration.
    /// </summary>
    internal void TakeFinished(List<FinishedEpisode> into)
    {
        if (_unread == null) { _unread = []; return; }
        into.AddRange(_unread);
        _unread.Clear();
    }

    /// <summary>Saves or restores the running episodes, the count and the window (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("episode-monitor");
        a.Sync(_return); a.Sync(_length);
        long count = Count;
        a.Sync(ref count);
        if (count < 0) throw new InvalidDataException($"{count} finished episodes is out of range.");
        Count = count;
        int n = _recent.Count;
        a.Sync(ref n);
        if (n < 0 || n > window || n > count) throw new InvalidDataException($"{n} recent episodes is out of range (window {window}).");
        var recent = _recent.ToArray();
        if (a.IsLoading) { _recent.Clear(); _unread?.Clear(); recent = new (double, int)[n]; }
        for (int i = 0; i < n; i++)
        {
            var (r, l) = recent[i];
            a.Sync(ref r); a.Sync(ref l);
            if (a.IsLoading) _recent.Enqueue((r, l));
        }
    }

    /// <summary>Mean return of the last (up to) 100 episodes, or NaN if none finished.</summary>
    public double MeanReturn => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Return);
    /// <summary>Mean length of the last (up to) 100 episodes, or NaN.</summary>
    public double MeanLength => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Length);
}

/// <summary>One finished episode: its return (rounded to 6 decimals, as SB3's Monitor), length, and the env step it ended at.</summary>
public readonly record struct FinishedEpisode(double Return, int Length, long EnvStep);
