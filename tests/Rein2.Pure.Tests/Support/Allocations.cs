// "Allocates nothing per call", measured so that the runtime's own one-off work cannot fail it:
// tiered compilation promotes methods on a timer (call counting starts ~100 ms after the first
// calls), and that promotion can allocate on the calling thread in whatever window it lands. A
// body that allocated per call would allocate in every window, so one clean window out of several
// proves the claim, and the test still fails for any real per-call allocation.
namespace Rein2.Pure.Tests.Support;

static class Allocations
{
    /// <summary>Runs <paramref name="body"/> <paramref name="calls"/> times per window after a warm-up; asserts one window allocated 0 bytes.</summary>
    public static void AssertNonePerCall(Action<int> body, int calls = 500, int windows = 6)
    {
        body(2000); // warm up every path (first-call work is not per-call work)
        var seen = new List<long>();
        for (int w = 0; w < windows; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body(calls);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (bytes == 0) return;
            seen.Add(bytes);
        }
        Assert.Fail($"every window of {calls} calls allocated: {string.Join(", ", seen)} bytes");
    }
}
