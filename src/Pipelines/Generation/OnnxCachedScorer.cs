using System.Globalization;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows through a causal transformer's ONNX decoding-step graph (<see cref="CausalTransformerStepOnnx"/>)
/// with ONNX Runtime on the CPU, keeping the key/value cache between calls: the same reading plan as
/// <see cref="CachedTorchScorer"/> (one position per character, a rebuild from the most recent ⌊N/2⌋ characters
/// when the cache is full), where a rebuild reads its characters one step at a time. Not thread-safe.
/// </summary>
public sealed class OnnxCachedScorer : ICharacterScorer, IDisposable
{
    private readonly InferenceSession _session;
    private readonly SlidingContext _context;
    private readonly int _blocks;
    private readonly int _heads;
    private readonly int _headWidth;
    private float[][] _keys;
    private float[][] _values;
    private int _length;

    /// <summary>Creates the scorer over a step model's bytes and the vocabulary it predicts.</summary>
    /// <exception cref="ArgumentException">The model is not a step model, or predicts another number of classes.</exception>
    public OnnxCachedScorer(byte[] stepModel, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(stepModel);
        ArgumentNullException.ThrowIfNull(vocabulary);
        _session = new InferenceSession(stepModel);
        IReadOnlyDictionary<string, string> metadata = _session.ModelMetadata.CustomMetadataMap;
        int Read(string key) => metadata.TryGetValue(key, out string? value)
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : throw new ArgumentException($"Not a decoding-step model: the metadata has no '{key}'.", nameof(stepModel));
        WindowSize = Read(CausalTransformerStepOnnx.WindowSizeKey);
        _blocks = Read(CausalTransformerStepOnnx.BlocksKey);
        _heads = Read(CausalTransformerStepOnnx.HeadsKey);
        _headWidth = Read(CausalTransformerStepOnnx.HeadWidthKey);
        long classes = _session.OutputMetadata[CausalTransformerStepOnnx.Score].Dimensions[^1];
        if (classes != vocabulary.Count)
        {
            _session.Dispose();
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {classes} classes.", nameof(vocabulary));
        }
        Vocabulary = vocabulary;
        _context = new SlidingContext(WindowSize);
        (_keys, _values) = (EmptyCache(), EmptyCache());
    }

    /// <summary>Exports the network's step graph and scores through it.</summary>
    public static OnnxCachedScorer Create(CausalTransformerNetwork network, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new OnnxCachedScorer(OnnxModelFile.ToBytes(CausalTransformerStepOnnx.Export(network)), vocabulary);
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
            (_keys, _values, _length) = (EmptyCache(), EmptyCache(), 0);
        }
        for (int i = context.Length - read; i < context.Length; i++)
        {
            Step(context[i], probabilities);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    // Reads one character at position _length and appends its keys and values to the cache.
    private void Step(int character, Span<float> probabilities)
    {
        int[] cacheShape = [1, _heads, _length, _headWidth];
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(CausalTransformerStepOnnx.CharacterIds, new DenseTensor<long>(new long[] { character }, [1, 1])),
            NamedOnnxValue.CreateFromTensor(CausalTransformerStepOnnx.Position, new DenseTensor<long>(new long[] { _length }, [1])),
        };
        for (int block = 0; block < _blocks; block++)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(CausalTransformerStepOnnx.PastKeys(block), new DenseTensor<float>(_keys[block], cacheShape)));
            inputs.Add(NamedOnnxValue.CreateFromTensor(CausalTransformerStepOnnx.PastValues(block), new DenseTensor<float>(_values[block], cacheShape)));
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = _session.Run(inputs);
        foreach (DisposableNamedOnnxValue output in outputs)
        {
            float[] values = output.AsTensor<float>().ToArray();
            if (output.Name == CausalTransformerStepOnnx.Score)
            {
                values.CopyTo(probabilities);
                continue;
            }
            int block = int.Parse(output.Name[(output.Name.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture);
            if (output.Name == CausalTransformerStepOnnx.PresentKeys(block))
            {
                _keys[block] = values;
            }
            else
            {
                _values[block] = values;
            }
        }
        _length++;
    }

    private float[][] EmptyCache() => [.. Enumerable.Range(0, _blocks).Select(_ => Array.Empty<float>())];
}
