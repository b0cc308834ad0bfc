// A standalone REIN-2 agent: the full Q-network parameters plus the env id and architecture, in a
// checked Container of kind Agent. Load it and call Act(observation): no allocation per step.
using Rein2.Pure.Algos;

namespace Rein2.Pure.Io;

/// <summary>Save and load prepared agents.</summary>
public static class AgentFile
{
    /// <summary>Writes <paramref name="q"/> for <paramref name="envId"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, string envId, QNetwork q) =>
        Container.Write(path, ContainerKind.Agent, ModelFiles.QNetworkPayload(envId, q));

    /// <summary>Loads an agent; a missing, truncated, corrupted or wrong-kind file is an InvalidDataException/FileNotFoundException naming it.</summary>
    public static (string EnvId, QNetwork Q) Load(string path, Envs.EnvSpec? env = null) => ModelFiles.LoadQNetwork(path, Container.Read(path, ContainerKind.Agent), env);
}
