using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>No normalisation: returns an alias of the input (so disposing the output leaves the input alive). The
/// original's <c>none</c>.</summary>
public sealed class IdentityNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name.</param>
    public IdentityNormalization(string name)
        : base(name)
    {
        RegisterComponents();
    }

    /// <summary>Returns the input unchanged.</summary>
    /// <param name="input">Any tensor.</param>
    /// <returns>An alias of <paramref name="input"/>.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.alias();
    }
}
