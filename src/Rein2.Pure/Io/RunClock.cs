// Wall time of a run across resumed sessions: the time of the earlier sessions (restored from the
// checkpoint) plus this session's stopwatch. Only the wall-clock columns of the logs read it.
using System.Diagnostics;
using Rein2.Pure.Checkpoints;

namespace Rein2.Pure.Io;

internal sealed class RunClock
{
    readonly Stopwatch _session = new();
    double _before;

    /// <summary>Seconds since the run first started, counting only time spent running.</summary>
    public double Seconds => _before + _session.Elapsed.TotalSeconds;

    public void Start() => _session.Start();

    public void Stop() => _session.Stop();

    /// <summary>Saves the total so far, or restores it as the earlier sessions' time.</summary>
    public void Sync(StateArchive a)
    {
        double total = Seconds;
        a.Sync(ref total);
        if (a.IsLoading) _before = total;
    }
}
