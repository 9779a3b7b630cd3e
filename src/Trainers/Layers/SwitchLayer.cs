using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The switch layer (the original's <c>switch_continuous</c> / <c>switch_discontinuous</c>,
/// <c>SwitchLayer</c>): several identical high-order layers ("branches") read the same input and their outputs are
/// multiplied element-wise, <c>y = prod_b h_b(x)</c>, so each branch acts as a learned, input-dependent switch (gain)
/// on the others.</summary>
/// <remarks>
/// <para><b>Fixed defect (seed-study §6.4).</b> The original keeps its branches in a plain Python list, so they are not
/// registered: 0 trainable parameters, never trained, moved or saved. Here they are a registered
/// <see cref="ModuleList{T}"/> (state-dict keys <c>branches.{b}.weight</c>): they appear in <c>parameters()</c>, are
/// trained, saved and refined like any <see cref="HighOrderLayer"/>.</para>
/// <para><b>Deviation.</b> The original's optional normalisation after the product is left out: the networks that use
/// the layer put their own normalisation before each layer. Each branch draws its own weights from the generator, so
/// the branches differ from the start.</para>
/// </remarks>
public sealed class SwitchLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "branches")]
    private readonly ModuleList<HighOrderLayer> _branches;
    private readonly HighOrderLayerConfig _branch;

    /// <summary>Creates the layer and draws the weights of every branch.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="branch">Configuration of each branch; validated here.</param>
    /// <param name="branches">Number of branches multiplied, at least 1 (the original's <c>num_input_layers</c>,
    /// default 2).</param>
    /// <param name="generator">Random generator for the initialisation; the global one when null.</param>
    /// <exception cref="ArgumentException">The branch configuration or the branch count is invalid.</exception>
    public SwitchLayer(string name, HighOrderLayerConfig branch, int branches = HighOrderLayerDefaults.SwitchBranches, Generator? generator = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (branches < 1)
        {
            throw new ArgumentException($"A switch layer needs at least 1 branch, got {branches}.", nameof(branches));
        }
        branch.Validate();
        _branch = branch;
        _branches = new ModuleList<HighOrderLayer>(
            Enumerable.Range(0, branches).Select(b => new HighOrderLayer($"branch{b}", branch, generator)).ToArray());
        RegisterComponents();
    }

    /// <summary>The branches, in the order they multiply.</summary>
    public IReadOnlyList<HighOrderLayer> Branches => [.. _branches];

    /// <summary>The configuration of every branch.</summary>
    public HighOrderLayerConfig Branch => _branch;

    /// <summary>Number of parameters of a switch layer: <c>branches · in · K · out</c>.</summary>
    public static long ParameterCount(HighOrderLayerConfig branch, int branches)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return branches * branch.ParameterCount;
    }

    /// <summary>Evaluates the layer.</summary>
    /// <param name="input">(B, in), or (..., in).</param>
    /// <returns>(B, out), or (..., out): the element-wise product of the branch outputs.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        Tensor y = _branches[0].call(input);                                   // (B, out)
        for (int b = 1; b < _branches.Count; b++)
        {
            y = y * _branches[b].call(input);                                  // (B, out)
        }
        return y.MoveToOuterDisposeScope();
    }
}
