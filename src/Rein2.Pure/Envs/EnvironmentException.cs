// A user's environment misbehaved during a run: it threw, or returned a NaN/∞ observation or reward.
// The message names the environment, the lane, the step and what went wrong, so the run stops at
// that step (the last good checkpoint on disk is kept) instead of training on garbage.
namespace Rein2.Pure.Envs;

/// <summary>An environment failed during a run; <see cref="Exception.InnerException"/> holds what it threw, if it threw.</summary>
public sealed class EnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
