// The one exception type for a setting a user chose that the library cannot accept: an unknown
// environment id, a hyperparameter out of range, an environment whose spaces an algorithm cannot
// use. It derives from ArgumentException so callers that catch that still do; front ends (the CLI)
// report it as the user's mistake, and every other ArgumentException as a bug.
namespace Rein2.Pure;

/// <summary>A setting (option, key=value pair, environment choice) was rejected; the message names it and what is allowed.</summary>
public sealed class InvalidSettingException(string message) : ArgumentException(message);
