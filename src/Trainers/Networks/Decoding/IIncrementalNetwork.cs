using LanguageInterpolation.Common.Onnx.Proto;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A sequence network that reads a text incrementally: each new character costs one position of work, with what
/// came before held in an <see cref="IDecodingState"/>, instead of a pass over the whole window. Generation uses
/// it (<c>CachedTorchScorer</c>), and so does its ONNX twin, the decoding-step graph (<see cref="ExportStep"/>,
/// <see cref="DecodingStepContract"/>, <c>OnnxCachedScorer</c>).
/// </summary>
public interface IIncrementalNetwork
{
    /// <summary>Whether this instance decodes incrementally (a configuration may rule it out, e.g. tokens of several
    /// characters, which a new character all changes); when false, recompute the window.</summary>
    bool CanDecodeIncrementally { get; }

    /// <summary>A new, empty state for one text (batch of one).</summary>
    IDecodingState NewState();

    /// <summary>
    /// Reads <paramref name="ids"/> (1, S) after the characters <paramref name="state"/> holds and returns their
    /// logits (1, S, V), advancing the state. An empty state reads any S up to <see cref="IDecodingState.Free"/> at
    /// once (a prefill); a non-empty one may be limited to S = 1 by the network.
    /// </summary>
    Tensor Decode(Tensor ids, IDecodingState state);

    /// <summary>The decoding-step graph: one character and the state in, probabilities and the next state out
    /// (<see cref="DecodingStepContract"/>), with <paramref name="metadata"/> added to the model's properties.</summary>
    ModelProto ExportStep(IReadOnlyDictionary<string, string>? metadata = null);
}
