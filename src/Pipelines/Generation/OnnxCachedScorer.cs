using System.Globalization;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows through a decoding-step graph (<see cref="DecodingStepContract"/>: a transformer's key/value
/// cache, a recurrent state) with ONNX Runtime on the CPU, keeping the state between calls: the same reading plan
/// as <see cref="CachedTorchScorer"/> (one position per character; when a bounded state is full, a rebuild from
/// the most recent ⌊N/2⌋ characters), where a rebuild reads its characters one step at a time. It knows nothing of
/// the network family: the state tensors are whatever inputs the graph names <c>past_*</c>, fed back from the
/// matching <c>present_*</c> outputs, starting from zeros with every growing dimension at 0. Not thread-safe.
/// </summary>
public sealed class OnnxCachedScorer : ICharacterScorer, IDisposable
{
    private readonly InferenceSession _session;
    private readonly SlidingContext _context;
    private readonly int _capacity;
    private readonly bool _readsPosition;
    private readonly Dictionary<string, DenseTensor<float>> _initialState;
    private Dictionary<string, DenseTensor<float>> _state;
    private int _length;

    /// <summary>Creates the scorer over a step model's bytes and the vocabulary it predicts.</summary>
    /// <exception cref="ArgumentException">The model is not a decoding-step model, or predicts another number of classes.</exception>
    public OnnxCachedScorer(byte[] stepModel, CharacterVocabulary vocabulary)
        : this(new InferenceSession(stepModel ?? throw new ArgumentNullException(nameof(stepModel))), vocabulary)
    {
    }

    // Takes ownership of an open session (disposed if the model is refused).
    private OnnxCachedScorer(InferenceSession session, CharacterVocabulary vocabulary)
    {
        _session = session;
        try
        {
            ArgumentNullException.ThrowIfNull(vocabulary);
            IReadOnlyDictionary<string, string> metadata = _session.ModelMetadata.CustomMetadataMap;
            int Read(string key) => metadata.TryGetValue(key, out string? value)
                ? int.Parse(value, CultureInfo.InvariantCulture)
                : throw new ArgumentException($"Not a decoding-step model: the metadata has no '{key}'.", "stepModel");
            WindowSize = Read(OnnxNames.WindowSizeKey);
            _capacity = Read(DecodingStepContract.CapacityKey);
            if (!_session.InputMetadata.ContainsKey(DecodingStepContract.CharacterIds) || !_session.OutputMetadata.TryGetValue(DecodingStepContract.Score, out NodeMetadata? score))
            {
                throw new ArgumentException($"Not a decoding-step model: it needs the input {DecodingStepContract.CharacterIds} and the output {DecodingStepContract.Score}.", "stepModel");
            }
            if (score.Dimensions[^1] != vocabulary.Count)
            {
                throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {score.Dimensions[^1]} classes.", nameof(vocabulary));
            }
            _readsPosition = _session.InputMetadata.ContainsKey(DecodingStepContract.Position);
            _initialState = InitialState(_session);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        Vocabulary = vocabulary;
        _context = new SlidingContext(WindowSize);
        _state = _initialState;
    }

    /// <summary>Exports the network's step graph and scores through it.</summary>
    /// <exception cref="ArgumentException">The network does not decode incrementally.</exception>
    public static OnnxCachedScorer Create(LanguageNetwork network, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (network is not IIncrementalNetwork { CanDecodeIncrementally: true } incremental)
        {
            throw new ArgumentException($"A {network.Config.NetworkType} network has no decoding-step graph.", nameof(network));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxNames.WindowSizeKey] = network.Config.WindowSize.ToString(CultureInfo.InvariantCulture),
        };
        VocabularyMetadata.Add(metadata, vocabulary);
        return new OnnxCachedScorer(OnnxModelFile.ToBytes(incremental.ExportStep(metadata)), vocabulary);
    }

    /// <summary>Opens a step model file written by <c>li export</c> next to a window graph, with the vocabulary in
    /// its metadata.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file is not a decoding-step model.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model ONNX Runtime can load.</exception>
    public static OnnxCachedScorer Load(string stepModelPath)
    {
        if (!File.Exists(stepModelPath))
        {
            throw new FileNotFoundException($"Decoding-step model not found: {stepModelPath}", stepModelPath);
        }
        InferenceSession session;
        try
        {
            session = new InferenceSession(File.ReadAllBytes(stepModelPath));
        }
        catch (OnnxRuntimeException error)
        {
            throw new InvalidDataException($"Corrupt decoding-step model {stepModelPath}: ONNX Runtime cannot load it ({error.Message.Split('\n')[0]}).", error);
        }
        IReadOnlyDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
        if (!metadata.TryGetValue(DecodingStepContract.GraphKey, out string? kind) || kind != DecodingStepContract.GraphKind)
        {
            session.Dispose();
            throw new ArgumentException($"{stepModelPath} is not a decoding-step model (no {DecodingStepContract.GraphKey} = {DecodingStepContract.GraphKind} in its metadata).");
        }
        if (!metadata.TryGetValue(OnnxNames.VocabularyKey, out string? vocabulary))
        {
            session.Dispose();
            throw new ArgumentException($"The decoding-step model {stepModelPath} has no vocabulary in its metadata ({OnnxNames.VocabularyKey}).");
        }
        CharacterVocabulary parsed;
        try
        {
            parsed = CharacterVocabulary.Parse(vocabulary);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return new OnnxCachedScorer(session, parsed); // the same session: the model is loaded once
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <summary>Characters of context the last prediction saw.</summary>
    public int ContextLength => _length;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (context.Length != WindowSize || probabilities.Length != Vocabulary.Count)
        {
            throw new ArgumentException($"Expected {WindowSize} class ids and room for {Vocabulary.Count} probabilities, got {context.Length} and {probabilities.Length}.");
        }
        (bool clear, int read) = _context.Plan(context, _capacity == 0 ? int.MaxValue : _capacity - _length);
        if (clear)
        {
            (_state, _length) = (_initialState, 0);
        }
        for (int i = context.Length - read; i < context.Length; i++)
        {
            Step(context[i], probabilities);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    // Reads one character at position _length and replaces the state by the graph's next state.
    private void Step(int character, Span<float> probabilities)
    {
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(DecodingStepContract.CharacterIds, new DenseTensor<long>(new long[] { character }, [1, 1])),
        };
        if (_readsPosition)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(DecodingStepContract.Position, new DenseTensor<long>(new long[] { _length }, [1])));
        }
        foreach (var (name, value) in _state)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(DecodingStepContract.StateInputPrefix + name, value));
        }
        var next = new Dictionary<string, DenseTensor<float>>(_state.Count, StringComparer.Ordinal);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = _session.Run(inputs);
        foreach (DisposableNamedOnnxValue output in outputs)
        {
            Tensor<float> values = output.AsTensor<float>();
            if (output.Name == DecodingStepContract.Score)
            {
                values.ToArray().CopyTo(probabilities);
            }
            else if (output.Name.StartsWith(DecodingStepContract.StateOutputPrefix, StringComparison.Ordinal))
            {
                next[output.Name[DecodingStepContract.StateOutputPrefix.Length..]] = new DenseTensor<float>(values.ToArray(), values.Dimensions);
            }
        }
        _state = next;
        _length++;
    }

    // Zeros of each state input's shape for a batch of one, every other symbolic dimension (a cache's length) at 0.
    private static Dictionary<string, DenseTensor<float>> InitialState(InferenceSession session)
    {
        var state = new Dictionary<string, DenseTensor<float>>(StringComparer.Ordinal);
        foreach (var (name, input) in session.InputMetadata)
        {
            if (!name.StartsWith(DecodingStepContract.StateInputPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            string stateName = name[DecodingStepContract.StateInputPrefix.Length..];
            if (!session.OutputMetadata.ContainsKey(DecodingStepContract.StateOutputPrefix + stateName))
            {
                throw new ArgumentException($"The decoding-step model reads the state {name} but has no output {DecodingStepContract.StateOutputPrefix + stateName}.");
            }
            int[] shape = [.. input.Dimensions.Select((dimension, axis) => dimension >= 0 ? dimension : axis == 0 ? 1 : 0)];
            state[stateName] = new DenseTensor<float>(new float[shape.Aggregate(1, (product, dimension) => product * dimension)], shape);
        }
        return state;
    }
}
