// Thrown by the divergence guards (a NaN or infinite loss or parameter): the run stops at once, before
// anything diverged is written, so the last checkpoint on disk stays the last good state.
namespace Rein2.Pure.Algos;

/// <summary>Training produced a NaN or infinite loss, parameter or observation.</summary>
public sealed class TrainingDivergedException(string message) : InvalidOperationException(message);
