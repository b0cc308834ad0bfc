// Any agent to a file and back, whatever produced it: a Q-network agent (DQN's model.bin, REIN-2's
// best.agent) or a PPO/A2C actor-critic agent (model.bin), each in a checked Container. Load reads the
// kind from the file's header and returns an IAgent that acts allocation-free and is safe to share
// between threads. Every file the current format version writes is read, including the Q-network
// model kind that DQN runs wrote before agents and Q-network models became one kind.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Io;

/// <summary>Save and load agents of every kind.</summary>
public static class AgentFile
{
    /// <summary>
    /// Writes <paramref name="agent"/> to <paramref name="path"/> atomically: a <see cref="QAgent"/>
    /// (DQN, REIN-2) or an <see cref="ActorCriticModel"/> (PPO, A2C).
    /// </summary>
    public static void Save(string path, IAgent agent)
    {
        switch (agent)
        {
            case QAgent q: Container.Write(path, ContainerKind.Agent, ModelFiles.QNetworkPayload(q.EnvId, q.ToNetwork())); break;
            case ActorCriticModel m: ModelFiles.SaveActorCritic(path, m); break;
            default: throw new InvalidSettingException($"Cannot save an agent of type {agent.GetType().Name}; AgentFile saves the library's agents (QAgent, ActorCriticModel).");
        }
    }

    /// <summary>
    /// Loads an agent written by <see cref="Save"/> (or by `rein2 train` / `rein2 baseline`). The file's
    /// environment must be registered, or given as <paramref name="env"/> (your own environment). A
    /// missing, truncated, corrupted or wrong-kind file is an InvalidDataException or
    /// FileNotFoundException naming it.
    /// </summary>
    public static IAgent Load(string path, EnvSpec? env = null) => ModelFiles.KindOf(path) switch
    {
        ContainerKind.Agent => Q(ModelFiles.LoadQNetwork(path, Container.Read(path, ContainerKind.Agent), env)),
        ContainerKind.QNetworkModel => Q(ModelFiles.LoadQNetwork(path, env)),
        ContainerKind.ActorCriticModel => ModelFiles.LoadActorCritic(path, env),
        var k => throw new InvalidDataException($"{path} is a {Container.Describe(k)}, not an agent."),
    };

    static QAgent Q((string EnvId, QNetwork Q) loaded) => new(loaded.EnvId, loaded.Q);
}
