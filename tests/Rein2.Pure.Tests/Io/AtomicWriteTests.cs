// Container.Write replaces a file only once the new one is complete and on disk; a write that
// fails leaves the old file untouched and no temporary file behind.
using Rein2.Pure.Io;

namespace Rein2.Pure.Tests.Io;

public class AtomicWriteTests
{
    [Fact]
    public void ASuccessfulWriteReplacesTheFileAndLeavesNoTemporary()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-atomic-").FullName;
        string path = Path.Combine(dir, "a.bin");
        Container.Write(path, ContainerKind.Checkpoint, [1, 2, 3]);
        Container.Write(path, ContainerKind.Checkpoint, [4, 5]);
        Assert.Equal(new byte[] { 4, 5 }, Container.Read(path, ContainerKind.Checkpoint));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndCleansUp()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-atomic-").FullName;
        string path = Path.Combine(dir, "b.bin");
        Directory.CreateDirectory(path); // the rename onto it must fail
        Assert.ThrowsAny<Exception>(() => Container.Write(path, ContainerKind.Checkpoint, [1, 2, 3]));
        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.GetFiles(dir)); // no ".b.bin.<pid>.tmp" left behind
    }
}
