using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// Continuing training from a trained network (<see cref="NetworkTrainerOptions.InitialNetwork"/>): checks
/// that the network fits the run (same network type, window size, vocabulary size and architecture) and
/// gives a copy for the training loop to change.
/// </summary>
public static class NetworkContinuation
{
    /// <summary>A copy of <paramref name="initial"/> (fresh module, same weights) for a run whose architecture is <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">The network does not fit the run; the message names the difference.</exception>
    public static LanguageNetwork CopyFor(LanguageNetwork initial, NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(config);
        Check(initial.Config, config);
        LanguageNetwork copy = config.Build();
        TensorArchive.CopyInto([.. initial.state_dict().Select(pair => (pair.Key, pair.Value))], copy.state_dict(), "The initial network");
        return copy;
    }

    /// <summary>Throws unless a network of configuration <paramref name="initial"/> can continue as a run of <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">The first difference, in words.</exception>
    public static void Check(NetworkConfig initial, NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(config);
        if (initial.NetworkType != config.NetworkType)
        {
            throw new ArgumentException($"The initial network is a {initial.NetworkType}, but this trainer trains a {config.NetworkType}.");
        }
        if (initial.WindowSize != config.WindowSize)
        {
            throw new ArgumentException($"The initial network reads windows of {initial.WindowSize} characters, but the data has windows of {config.WindowSize}.");
        }
        if (initial.VocabularySize != config.VocabularySize)
        {
            throw new ArgumentException($"The initial network predicts {initial.VocabularySize} classes, but the data's vocabulary has {config.VocabularySize} characters.");
        }
        string expected = NetworkJson.Serialize(config);
        string actual = NetworkJson.Serialize(initial);
        if (actual != expected)
        {
            throw new ArgumentException($"The initial network's architecture {actual} differs from this trainer's {expected}.");
        }
    }
}
