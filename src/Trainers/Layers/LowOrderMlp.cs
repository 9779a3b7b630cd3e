using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>
/// A plain ReLU MLP, the original's <c>LowOrderMLP</c>: <c>Linear(in -> w)</c>, then
/// <c>hiddenLayers</c> times <c>[norm, ReLU, Linear(w -> w)]</c>, then <c>[norm, ReLU, Linear(w -> out)]</c>.
/// Every Linear has a bias and starts as PyTorch's default, U(-1/sqrt(in), 1/sqrt(in)), drawn from the
/// given generator so that runs are reproducible.
/// </summary>
public sealed class LowOrderMlp : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _linears;
    private readonly nn.Module<Tensor, Tensor>[] _norms;

    /// <summary>Builds the MLP.</summary>
    public LowOrderMlp(string name, int inputs, int outputs, int width, int hiddenLayers, NormalizationKind normalization, Generator? generator)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hiddenLayers);
        _linears = new nn.Module<Tensor, Tensor>[hiddenLayers + 2];
        _norms = new nn.Module<Tensor, Tensor>[hiddenLayers + 1];
        _linears[0] = CreateLinear(inputs, width, generator);
        for (int layer = 1; layer <= hiddenLayers; layer++)
        {
            _linears[layer] = CreateLinear(width, width, generator);
        }
        _linears[^1] = CreateLinear(width, outputs, generator);
        for (int norm = 0; norm < _norms.Length; norm++)
        {
            _norms[norm] = Layers.Normalization.Create(normalization, width);
        }
        for (int layer = 0; layer < _linears.Length; layer++)
        {
            register_module($"linear{layer}", _linears[layer]);
        }
        for (int norm = 0; norm < _norms.Length; norm++)
        {
            register_module($"norm{norm}", _norms[norm]);
        }
    }

    /// <summary>The Linear layers in call order (each a <see cref="TorchSharp.Modules.Linear"/>).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Linears => _linears;

    /// <summary>The normalisation before the ReLU that precedes Linear i + 1.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Normalizations => _norms;

    /// <summary>Parameters of the MLP for the given shape.</summary>
    public static long CountParameters(int inputs, int outputs, int width, int hiddenLayers, NormalizationKind normalization) =>
        (inputs + 1L) * width + hiddenLayers * (width + 1L) * width + (width + 1L) * outputs
        + (hiddenLayers + 1) * Normalization.ParameterCount(normalization, width);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor h = Dense(0, input);                                       // (B, w)
        for (int layer = 1; layer < _linears.Length; layer++)
        {
            h = Dense(layer, nn.functional.relu(_norms[layer - 1].call(h))); // (B, w) then (B, out)
        }
        return h.MoveToOuterDisposeScope();
    }

    // Linear layer `layer`: the fused 512-bit kernels where they apply (FusedLinear.Covers), else libtorch's.
    private Tensor Dense(int layer, Tensor x)
    {
        var linear = (TorchSharp.Modules.Linear)_linears[layer];
        Tensor weight = linear.weight!, bias = linear.bias!;
        return FusedLinear.Covers(x, weight, bias) ? FusedLinear.Apply(x, weight, bias) : linear.call(x);
    }

    /// <summary>A Linear layer with PyTorch's default initialisation drawn from <paramref name="generator"/>.</summary>
    public static TorchSharp.Modules.Linear CreateLinear(int inputs, int outputs, Generator? generator)
    {
        var linear = nn.Linear(inputs, outputs, hasBias: true);
        double bound = 1.0 / Math.Sqrt(inputs);
        using (no_grad())
        {
            linear.weight!.uniform_(-bound, bound, generator);
            linear.bias!.uniform_(-bound, bound, generator);
        }
        return linear;
    }
}
