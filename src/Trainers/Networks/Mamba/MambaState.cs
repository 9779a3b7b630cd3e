using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// What a <see cref="MambaNetwork"/> carries from one character to the next, per block: the last K - 1 inputs of
/// the causal convolution (B, D, K - 1) and the state-space state (B, D, N), and the positions read so far. Its size
/// does not depend on how much text was read, so a step costs the same at any context length.
/// </summary>
public sealed class MambaState : IDecodingState
{
    private readonly Tensor[] _convolutionInputs;
    private readonly Tensor[] _states;

    internal MambaState(int blocks, long batch, int innerWidth, int convolutionKernel, int stateSize, int capacity, Device device, ScalarType dtype)
    {
        Capacity = capacity;
        _convolutionInputs = new Tensor[blocks];
        _states = new Tensor[blocks];
        for (int block = 0; block < blocks; block++)
        {
            _convolutionInputs[block] = zeros([batch, innerWidth, convolutionKernel - 1], dtype, device).DetachFromDisposeScope();
            _states[block] = zeros([batch, innerWidth, stateSize], dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Blocks.</summary>
    public int Blocks => _states.Length;

    /// <summary>Positions read since the state was created or cleared.</summary>
    public int Length { get; private set; }

    /// <summary>The positions the state reads before a generator restarts it: the network's window, the longest
    /// context it was trained on (the state itself has the same size whatever the length of the text).</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public int Free => Capacity - Length;

    /// <summary>A block's last K - 1 convolution inputs, (B, D, K - 1), oldest first.</summary>
    public Tensor ConvolutionInputs(int block) => _convolutionInputs[block];

    /// <summary>A block's state-space state, (B, D, N).</summary>
    public Tensor State(int block) => _states[block];

    /// <summary>Back to the state before any character (zeros).</summary>
    public void Clear()
    {
        using (no_grad())
        {
            foreach (Tensor tensor in _convolutionInputs.Concat(_states))
            {
                tensor.zero_();
            }
        }
        Length = 0;
    }

    /// <summary>Replaces a block's tensors by the ones after the new positions (the state takes ownership).</summary>
    internal void Update(int block, Tensor convolutionInputs, Tensor state)
    {
        _convolutionInputs[block].Dispose();
        _states[block].Dispose();
        _convolutionInputs[block] = convolutionInputs.detach().DetachFromDisposeScope();
        _states[block] = state.detach().DetachFromDisposeScope();
    }

    /// <summary>Counts positions read.</summary>
    internal void Advance(int positions) => Length += positions;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor tensor in _convolutionInputs.Concat(_states))
        {
            tensor.Dispose();
        }
    }
}
