using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A character language network: character ids <c>int64 (B, T)</c> in, class logits out, either
/// <c>(B, V)</c> for the character after the window (<see cref="NetworkOutput.NextCharacter"/>) or
/// <c>(B, T, V)</c> for the character after every position (<see cref="NetworkOutput.EveryPosition"/>).
/// How ids become numbers (the original's [-1, 1] value encoding, an embedding...) is the network's own
/// first module, so the data, the training loop and the exporters only ever see ids.
/// </summary>
public abstract class LanguageNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    protected LanguageNetwork(string name, NetworkConfig config) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    /// <summary>The configuration the network was built from.</summary>
    public NetworkConfig Config { get; }

    /// <summary>Which positions the logits are for. <value>NextCharacter</value></summary>
    public virtual NetworkOutput Output => NetworkOutput.NextCharacter;

    /// <summary>Learnable parameters actually registered (counts what the optimiser trains).</summary>
    public long ParameterCount => parameters().Sum(parameter => parameter.numel());

    /// <summary>
    /// The logits for the character after each window, (B, V), whatever <see cref="Output"/> is: a sequence
    /// network's prediction at its last position.
    /// </summary>
    public Tensor NextCharacterLogits(Tensor ids)
    {
        Tensor logits = call(ids);
        if (Output == NetworkOutput.NextCharacter)
        {
            return logits;                                                      // (B, V)
        }
        using (logits)
        {
            return logits.select(1, -1);                                        // (B, T, V) -> (B, V)
        }
    }
}
