using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// What the four optimizers share: the parameter list, the learning rate, the step counter, the named state
/// buffers and the frame of a step (one dispose scope, no autograd, parameters without a gradient skipped).
/// A subclass creates its buffers with <see cref="CreateState"/> and writes its rule in <see cref="Update"/>.
/// </summary>
/// <remarks>
/// State buffers are created eagerly, as zeros shaped, typed and placed like their parameters, so that
/// <see cref="StateTensors"/> lists the same names and shapes before and after the first step (a checkpoint
/// can be restored into a freshly built optimizer). They are detached from any dispose scope active at
/// construction and live until <see cref="Dispose()"/>.
/// </remarks>
public abstract class ParameterOptimizer : IParameterOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly List<(string Name, Tensor Tensor)> _state = [];
    private double _learningRate;
    private int _stepCount;
    private bool _disposed;

    /// <summary>Takes the parameters (in the order that names their state) and the learning rate.</summary>
    /// <exception cref="ArgumentException">No parameters, or a null one.</exception>
    protected ParameterOptimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("The optimizer needs at least one parameter.", nameof(parameters));
        }
        if (Array.IndexOf(_parameters, null) is int nullIndex and >= 0)
        {
            throw new ArgumentException($"Parameter {nullIndex} is null.", nameof(parameters));
        }
        LearningRate = learningRate;
    }

    /// <summary>Which update rule this is.</summary>
    public abstract OptimizerKind Kind { get; }

    /// <summary>The optimized parameters; index i names the state buffers "{buffer}.i".</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">Not positive and finite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{nameof(LearningRate)} must be positive and finite.");
            }
            _learningRate = value;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int StepCount
    {
        get => _stepCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _stepCount = value;
        }
    }

    /// <inheritdoc/>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StepCount++;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int index = 0; index < _parameters.Length; index++)
        {
            Tensor? gradient = _parameters[index].grad;
            if (gradient is null)
            {
                continue;
            }
            Update(index, _parameters[index], gradient);
        }
    }

    /// <inheritdoc/>
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        foreach (Parameter parameter in _parameters)
        {
            parameter.grad?.zero_();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, Tensor Tensor)> StateTensors()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _state;
    }

    /// <summary>Releases the state buffers (not the parameters).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state buffers when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (disposing)
        {
            foreach ((_, Tensor tensor) in _state)
            {
                tensor.Dispose();
            }
            _state.Clear();
        }
    }

    /// <summary>
    /// Updates parameter <paramref name="index"/> in place from its gradient. Called by <see cref="Step"/> inside
    /// a dispose scope with autograd off, after <see cref="StepCount"/> was incremented (so t ≥ 1); temporaries
    /// need no disposal.
    /// </summary>
    protected abstract void Update(int index, Tensor p, Tensor g);

    /// <summary>
    /// Creates one zero buffer per parameter, shaped, typed and placed like it, registered as "{name}.{index}".
    /// Call it once per buffer kind from the constructor.
    /// </summary>
    protected Tensor[] CreateState(string name)
    {
        var buffers = new Tensor[_parameters.Length];
        using var noGrad = no_grad();
        for (int index = 0; index < _parameters.Length; index++)
        {
            buffers[index] = zeros_like(_parameters[index]).DetachFromDisposeScope();
            _state.Add(($"{name}.{index}", buffers[index]));
        }
        return buffers;
    }
}
