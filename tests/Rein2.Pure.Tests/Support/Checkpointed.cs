// The resume check every trainer test makes: a run left whole against the same run paused, written to
// a checkpoint file, restored into a fresh trainer and finished. The caller compares the two.
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Pure.Tests.Support;

public static class Checkpointed
{
    /// <summary>
    /// (whole, resumed): <paramref name="make"/>() learned to the end, and another <paramref name="make"/>()
    /// paused by <paramref name="pause"/> (which must return Learn's false), checkpointed, restored into a
    /// third <paramref name="make"/>() and learned to the end.
    /// </summary>
    public static (T Whole, T Resumed) WholeAndResumed<T>(Func<T> make, Func<T, bool> pause) where T : ITrainer
    {
        var whole = make();
        Assert.True(whole.Learn());
        var first = make();
        Assert.False(pause(first));
        Assert.False(first.Done);
        string path = Path.Combine(Path.GetTempPath(), $"rein2-resume-{Guid.NewGuid():N}.ckpt");
        try
        {
            CheckpointFile.Save(path, first);
            var resumed = make();
            CheckpointFile.Restore(path, resumed);
            Assert.Equal(first.Steps, resumed.Steps);
            Assert.True(resumed.Learn());
            return (whole, resumed);
        }
        finally { File.Delete(path); }
    }
}
