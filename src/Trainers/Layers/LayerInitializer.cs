using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Draws the initial [in, K, out] weight of a <see cref="HighOrderLayer"/> for each
/// <see cref="LayerInitialization"/>, vectorised over all links (the original loops over links in Python).</summary>
internal static class LayerInitializer
{
    /// <summary>A new float32 CPU tensor of shape [in, K, out] drawn with <paramref name="generator"/> (the global
    /// generator when null).</summary>
    public static Tensor Create(HighOrderLayerConfig config, Generator? generator)
    {
        using var scope = NewDisposeScope();
        long inputs = config.InFeatures;
        long weights = config.WeightsPerLink;
        long outputs = config.OutFeatures;
        bool lagrange = config.Kind != LinkKind.Fourier;
        Tensor weight = config.Initialization switch
        {
            LayerInitialization.ConstantRandom => ConstantRandom(config, generator),
            LayerInitialization.Linear when lagrange => Line(config, SymmetricUniform([inputs, 1, outputs], config.MaxSlope, generator), SymmetricUniform([inputs, 1, outputs], config.MaxOffset, generator)),
            LayerInitialization.RandomSlope when lagrange => Line(config, Scaled(randn([inputs, 1, outputs], generator: generator), config.WeightMagnitude / Math.Sqrt(inputs)), SymmetricUniform([inputs, 1, outputs], config.MaxOffset / inputs, generator)),
            _ => SymmetricUniform([inputs, weights, outputs], config.WeightMagnitude / inputs, generator),
        };
        return weight.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Per link a constant <c>c ~ U[0, magnitude/in)</c>: all K node values equal c (the Lagrange basis sums
    /// to one); for Fourier links the constant basis function is 0.5, so its coefficient is 2c.</summary>
    private static Tensor ConstantRandom(HighOrderLayerConfig config, Generator? generator)
    {
        long inputs = config.InFeatures;
        Tensor constant = Scaled(rand([inputs, 1, config.OutFeatures], generator: generator), config.WeightMagnitude / inputs); // (in, 1, out)
        if (config.Kind != LinkKind.Fourier)
        {
            return constant.expand(inputs, config.WeightsPerLink, config.OutFeatures);                                    // (in, K, out)
        }
        Tensor rest = zeros([inputs, config.WeightsPerLink - 1, config.OutFeatures]);                                     // (in, K-1, out)
        return cat([Scaled(constant, 2.0), rest], 1);                                                                     // (in, K, out)
    }

    /// <summary>Node values <c>a · x_node + b</c> for per-link slopes and offsets of shape (in, 1, out).</summary>
    private static Tensor Line(HighOrderLayerConfig config, Tensor slope, Tensor offset)
    {
        Tensor positions = tensor(LinkGrid.NodePositions(config), dtype: ScalarType.Float32).view(1, -1, 1); // (1, K, 1)
        return (slope * positions).add_(offset, One);                                                        // slope · position + offset: (in, K, out)
    }

    /// <summary>Uniform in [-bound, bound).</summary>
    internal static Tensor SymmetricUniform(long[] shape, double bound, Generator? generator)
    {
        using Scalar width = 2.0 * bound, low = bound;
        return rand(shape, generator: generator).mul_(width).sub_(low);
    }

    private static Tensor Scaled(Tensor x, double factor)
    {
        using Scalar scale = factor;
        return x.mul_(scale);
    }
}
