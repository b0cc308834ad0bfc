// The carried golden files are the recorded ones: each decompresses to the bytes whose SHA-256 was
// taken from the original recording (Golden/SHA256SUMS), and every listed file is present.

namespace Rein2.Pure.Tests.Support;

public class GoldenIntegrityTests
{
    [Fact]
    public void GoldenFilesAreIntact()
    {
        Golden.AssertRecorded(Path.Combine(Golden.Root, "SHA256SUMS"), 13, Golden.Bytes);
    }

    [Fact]
    public void EveryCompressedFileIsListed()
    {
        var listed = File.ReadAllLines(Path.Combine(Golden.Root, "SHA256SUMS")).Where(l => l.Length > 0)
            .Select(l => l[64..].Trim() + ".gz").ToHashSet();
        var present = Directory.EnumerateFiles(Golden.Root, "*.gz", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Golden.Root, p).Replace('\\', '/'));
        Assert.All(present, p => Assert.Contains(p, listed));
    }
}
