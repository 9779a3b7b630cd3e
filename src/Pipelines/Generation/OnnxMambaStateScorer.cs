using System.Globalization;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows through a Mamba network's ONNX step graph (<see cref="MambaStepOnnx"/>) with ONNX Runtime on the
/// CPU, keeping every block's state between calls: the same reading plan as <see cref="MambaStateScorer"/> (one
/// position per character, a restart from the most recent ⌊N/2⌋ characters once the state has read N), where a
/// restart reads its characters one step at a time. Not thread-safe.
/// </summary>
public sealed class OnnxMambaStateScorer : ICharacterScorer, IDisposable
{
    private readonly InferenceSession _session;
    private readonly SlidingContext _context;
    private readonly int _blocks;
    private readonly int _innerWidth;
    private readonly int _kernel;
    private readonly int _stateSize;
    private readonly float[][] _convolutionInputs;
    private readonly float[][] _states;
    private int _length;

    /// <summary>Creates the scorer over a step model's bytes and the vocabulary it predicts.</summary>
    /// <exception cref="ArgumentException">The model is not a Mamba step model, or predicts another number of classes.</exception>
    public OnnxMambaStateScorer(byte[] stepModel, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(stepModel);
        ArgumentNullException.ThrowIfNull(vocabulary);
        _session = new InferenceSession(stepModel);
        try
        {
            IReadOnlyDictionary<string, string> metadata = _session.ModelMetadata.CustomMetadataMap;
            int Read(string key) => metadata.TryGetValue(key, out string? value)
                ? int.Parse(value, CultureInfo.InvariantCulture)
                : throw new ArgumentException($"Not a Mamba step model: the metadata has no '{key}'.", nameof(stepModel));
            WindowSize = Read(MambaStepOnnx.WindowSizeKey);
            _blocks = Read(MambaStepOnnx.BlocksKey);
            _innerWidth = Read(MambaStepOnnx.InnerWidthKey);
            _kernel = Read(MambaStepOnnx.ConvolutionKernelKey);
            _stateSize = Read(MambaStepOnnx.StateSizeKey);
            long classes = _session.OutputMetadata[MambaStepOnnx.Score].Dimensions[^1];
            if (classes != vocabulary.Count)
            {
                throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {classes} classes.", nameof(vocabulary));
            }
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        Vocabulary = vocabulary;
        _context = new SlidingContext(WindowSize);
        _convolutionInputs = [.. Enumerable.Range(0, _blocks).Select(_ => new float[_innerWidth * (_kernel - 1)])];
        _states = [.. Enumerable.Range(0, _blocks).Select(_ => new float[_innerWidth * _stateSize])];
    }

    /// <summary>Exports the network's step graph and scores through it.</summary>
    public static OnnxMambaStateScorer Create(MambaNetwork network, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new OnnxMambaStateScorer(OnnxModelFile.ToBytes(MambaStepOnnx.Export(network)), vocabulary);
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <summary>Characters of context the last prediction saw.</summary>
    public int ContextLength => _context.Count;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (context.Length != WindowSize || probabilities.Length != Vocabulary.Count)
        {
            throw new ArgumentException($"Expected {WindowSize} class ids and room for {Vocabulary.Count} probabilities, got {context.Length} and {probabilities.Length}.");
        }
        (bool clear, int read) = _context.Plan(context, WindowSize - _length);
        if (clear)
        {
            foreach (float[] values in _convolutionInputs.Concat(_states))
            {
                Array.Clear(values);
            }
            _length = 0;
        }
        for (int i = context.Length - read; i < context.Length; i++)
        {
            Step(context[i], probabilities);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    // Reads one character and replaces every block's state by the one after it.
    private void Step(int character, Span<float> probabilities)
    {
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(MambaStepOnnx.CharacterIds, new DenseTensor<long>(new long[] { character }, [1, 1])),
        };
        for (int block = 0; block < _blocks; block++)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(MambaStepOnnx.ConvolutionInputs(block), new DenseTensor<float>(_convolutionInputs[block], [1, _innerWidth, _kernel - 1])));
            inputs.Add(NamedOnnxValue.CreateFromTensor(MambaStepOnnx.States(block), new DenseTensor<float>(_states[block], [1, _innerWidth, _stateSize])));
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = _session.Run(inputs);
        foreach (DisposableNamedOnnxValue output in outputs)
        {
            Tensor<float> values = output.AsTensor<float>();
            if (output.Name == MambaStepOnnx.Score)
            {
                for (int c = 0; c < probabilities.Length; c++)
                {
                    probabilities[c] = values.GetValue(c);
                }
                continue;
            }
            int block = int.Parse(output.Name[(output.Name.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture);
            float[] target = output.Name == MambaStepOnnx.NextStates(block) ? _states[block] : _convolutionInputs[block];
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = values.GetValue(i);
            }
        }
        _length++;
    }
}
