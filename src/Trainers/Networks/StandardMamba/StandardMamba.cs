using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The standard Mamba (see <see cref="StandardMambaConfig"/>): residual blocks with linear projections.</summary>
public sealed class StandardMamba : MambaNetwork
{
    /// <summary>Builds the network with weights drawn from <paramref name="generator"/>.</summary>
    public StandardMamba(StandardMambaConfig config, Generator? generator = null)
        : base(StandardMambaConfig.TypeName, config, CreateBlocks(config, generator), generator)
    {
    }

    private static IEnumerable<MambaBlock> CreateBlocks(StandardMambaConfig config, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        int inner = config.InnerWidth;
        int rank = config.ResolvedDeltaRank;
        var blocks = new List<MambaBlock>(config.Blocks);
        for (int block = 0; block < config.Blocks; block++)
        {
            blocks.Add(new MambaBlock($"block{block}", config,
                CreateLinear(config.Width, 2 * inner, generator),
                CreateLinear(inner, rank + 2 * config.StateSize, generator),
                CreateDeltaProjection(rank, inner, generator),
                CreateLinear(inner, config.Width, generator),
                generator));
        }
        return blocks;
    }

    // PyTorch's default weight draw U(±1/√in), no bias (Mamba's bias = False).
    private static Linear CreateLinear(int inputs, int outputs, Generator? generator)
    {
        var linear = nn.Linear(inputs, outputs, hasBias: false);
        double bound = 1.0 / Math.Sqrt(inputs);
        using (no_grad())
        {
            linear.weight!.uniform_(-bound, bound, generator);
        }
        return linear;
    }

    // Mamba's step-size initialisation: weights U(±1/√R), bias softplus⁻¹(Δ) = Δ + log(1 - exp(-Δ)) for Δ drawn
    // log-uniformly in [DeltaMin, DeltaMax], so that the first steps neither forget everything nor nothing.
    private static Linear CreateDeltaProjection(int rank, int inner, Generator? generator)
    {
        var linear = nn.Linear(rank, inner, hasBias: true);
        double bound = 1.0 / Math.Sqrt(rank);
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            linear.weight!.uniform_(-bound, bound, generator);
            double logMin = Math.Log(MambaDefaults.DeltaMin);
            double logMax = Math.Log(MambaDefaults.DeltaMax);
            using Scalar logRange = logMax - logMin, logLow = logMin;
            Tensor delta = (rand(inner, generator: generator) * logRange).add_(logLow, One).exp();   // exp(U·(log max − log min) + log min): (D)
            linear.bias!.copy_(delta.add((-(-delta).expm1()).log(), One));                           // softplus⁻¹(δ) = δ + log(1 − e^(−δ))
        }
        return linear;
    }
}
