using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>A next-character network: window input values (B, N) in, class logits (B, V) out.</summary>
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

    /// <summary>Learnable parameters actually registered (counts what the optimiser trains).</summary>
    public long ParameterCount => parameters().Sum(parameter => parameter.numel());
}
