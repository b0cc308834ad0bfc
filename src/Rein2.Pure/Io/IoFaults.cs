// A seam for tests: make a write fail as a full disk would, at a chosen file, without filling a disk.
// Null (the only value outside tests) costs one read of an AsyncLocal per file write or log flush.
namespace Rein2.Pure.Io;

internal static class IoFaults
{
    /// <summary>Called with the path about to be written; a returned exception is thrown there.</summary>
    internal static readonly AsyncLocal<Func<string, Exception?>?> Inject = new();

    internal static void Check(string path)
    {
        if (Inject.Value?.Invoke(path) is Exception e) throw e;
    }
}
