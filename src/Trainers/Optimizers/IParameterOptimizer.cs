using TorchSharp;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// An optimizer that updates a fixed list of parameters in place from their gradients. All four
/// optimizers of this folder share this interface and the state format of <see cref="OptimizerState"/>.
/// </summary>
public interface IParameterOptimizer : IDisposable
{
    /// <summary>The learning rate η that the next <see cref="Step"/> uses; a schedule sets it between epochs.</summary>
    double LearningRate { get; set; }

    /// <summary>
    /// Applies one update to every parameter whose gradient is not null, in place and without recording
    /// autograd history, and increments <see cref="StepCount"/>.
    /// </summary>
    void Step();

    /// <summary>Sets every existing gradient to zero in place (gradients that are null stay null).</summary>
    void ZeroGrad();

    /// <summary>
    /// The live state buffers, in a fixed order, named "<c>{buffer}.{parameter index}</c>" (for example
    /// "m.0", "v.0", "m.1", ...). Writing into these tensors changes the optimizer's state; this is how
    /// <see cref="OptimizerState.Load"/> restores a checkpoint.
    /// </summary>
    IReadOnlyList<(string Name, torch.Tensor Tensor)> StateTensors();

    /// <summary>Number of steps taken so far (t in the papers; Adam's bias correction uses it). <value>0</value></summary>
    int StepCount { get; set; }
}
