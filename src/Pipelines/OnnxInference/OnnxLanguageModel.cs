using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.OnnxRuntime;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// A language model exported to ONNX (the <see cref="OnnxInputForm.CharacterIds"/> contract, checked on
/// load by <see cref="OnnxModelContract"/>), with every way of scoring it:
/// <list type="bullet">
/// <item>one window or a block of windows through a raw ONNX Runtime session (<see cref="Score"/>,
/// <see cref="ScoreBatch"/>, which on the CPU scores chunks of a block in parallel, see
/// <see cref="OnnxLanguageModelOptions.Parallelism"/>): the fast paths, and the <see cref="ICharacterScorer"/>
/// that <see cref="TextGenerator"/> generates text with;</item>
/// <item>ML.NET's own <c>ApplyOnnxModel</c>, one row per session call, through a <c>PredictionEngine</c>
/// (<see cref="PredictionEngines"/>) or <c>Transform</c> (<see cref="CreateMlNetScoring"/>,
/// <see cref="CreateMlNetPipeline"/>);</item>
/// <item>ML.NET <c>Transform</c> batched through the session (<see cref="CreateBatchScorer"/>), which is
/// what <see cref="Evaluate"/> uses by default.</item>
/// </list>
/// Every member is safe to call from many threads at once: ONNX Runtime sessions are, and the per-call
/// buffers and ML.NET prediction engines come from pools. It runs on the GPU when ONNX Runtime offers
/// CUDA (see <see cref="OnnxDevice"/>); <see cref="ExecutionProvider"/> says where it runs.
/// </summary>
public sealed partial class OnnxLanguageModel : ICharacterScorer, IDisposable
{
    private readonly byte[] _bytes;
    private readonly InferenceSession _session;
    private readonly ObjectPool<SessionRow> _rows;
    private readonly string[] _inputNames = [OnnxNames.CharacterIds];
    private readonly string[] _scoreName = [OnnxNames.Score];
    private readonly int _parallelism;
    private bool _disposed;

    private OnnxLanguageModel(byte[] bytes, OnnxModelDescription description, string origin, OnnxLanguageModelOptions options)
    {
        _bytes = bytes;
        Description = description;
        Origin = origin;
        Options = options;
        _session = OnnxExecution.CreateSession(bytes, options, out string provider, out string? fallbackReason);
        ExecutionProvider = provider;
        GpuFallbackReason = fallbackReason;
        _parallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount;
        _rows = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }
            .Create(new SessionRowPolicy(description.WindowSize, description.Vocabulary.Count));
        _mlNet = new Lazy<MlNetScoring>(CreateMlNet, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What the file declares: vocabulary, window, network, training.</summary>
    public OnnxModelDescription Description { get; }

    /// <summary>Where the model came from (a path, or a description).</summary>
    public string Origin { get; }

    /// <summary>The options it runs with.</summary>
    public OnnxLanguageModelOptions Options { get; }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary => Description.Vocabulary;

    /// <inheritdoc />
    public int WindowSize => Description.WindowSize;

    /// <summary>Sequence or centered; only sequence models generate text.</summary>
    public WindowKind WindowKind => Description.WindowKind;

    /// <summary>The ONNX Runtime provider that runs the session: <c>CUDAExecutionProvider</c> or <c>CPUExecutionProvider</c>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Whether the session runs on the GPU.</summary>
    public bool UsesGpu => ExecutionProvider == OnnxExecution.CudaProvider;

    /// <summary>Why the GPU is not used, when <see cref="OnnxDevice.Auto"/> left it out; null when it is used or was not asked for.</summary>
    public string? GpuFallbackReason { get; }

    /// <summary>
    /// Loads an exported <c>.onnx</c> file, or a model zip written by <see cref="LanguageModelFile"/> (which is
    /// exported in memory first, see <see cref="LanguageModelExporter"/>), and checks it against the contract.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX model, not a model zip, or not a language model of the contract; the message says what is missing or wrong.</exception>
    public static OnnxLanguageModel Load(string path, OnnxLanguageModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file not found: {path}", path);
        }
        ModelProto model = IsZip(path) ? LanguageModelExporter.FromModelFile(path) : OnnxModelFile.Read(path);
        return FromModel(model, path, options);
    }

    /// <summary>Wraps a model already in memory (for example from <see cref="LanguageModelExporter.ToOnnx(Microsoft.ML.ITransformer, ModelCard)"/>).</summary>
    /// <exception cref="InvalidDataException">Not a language model of the contract.</exception>
    public static OnnxLanguageModel FromModel(ModelProto model, string origin, OnnxLanguageModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxLanguageModelOptions();
        options.Validate();
        OnnxModelDescription description = OnnxModelContract.Describe(model, origin);
        return new OnnxLanguageModel(OnnxModelFile.ToBytes(model), description, origin, options);
    }

    /// <summary>Writes the model as an <c>.onnx</c> file (atomically), e.g. after loading it from a model zip.</summary>
    public void SaveOnnx(string path) => Common.IO.AtomicFile.WriteAllBytes(path, _bytes);

    /// <summary>The model's bytes (a copy).</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>Writes the probability of every class for one window of class ids; thread-safe.</summary>
    /// <param name="context">The window: <see cref="WindowSize"/> class ids.</param>
    /// <param name="probabilities">Receives <see cref="CharacterVocabulary.Count"/> probabilities.</param>
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(context.Length, WindowSize, nameof(context), "class ids");
        CheckLength(probabilities.Length, Vocabulary.Count, nameof(probabilities), "probabilities");
        SessionRow row = _rows.Get();
        try
        {
            for (int i = 0; i < context.Length; i++)
            {
                row.Ids[i] = context[i];
            }
            _session.Run(row.RunOptions, _inputNames, row.Inputs, _scoreName, row.Outputs);
            row.Scores.CopyTo(probabilities);
        }
        finally
        {
            _rows.Return(row);
        }
    }

    /// <summary>
    /// Scores a block of windows; thread-safe. On the GPU the block is one session call; on the CPU it is cut
    /// into chunks of at least <see cref="MinimumChunkRows"/> rows, scored by up to
    /// <see cref="OnnxLanguageModelOptions.Parallelism"/> calls at once (more chunks than calls, so that a core
    /// slowed by other work takes fewer of them).
    /// </summary>
    /// <param name="characterIds">Rows of <see cref="WindowSize"/> class ids, one after the other.</param>
    /// <param name="scores">Receives <see cref="CharacterVocabulary.Count"/> probabilities per row.</param>
    public void ScoreBatch(ReadOnlyMemory<long> characterIds, Memory<float> scores)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (characterIds.Length % WindowSize != 0)
        {
            throw new ArgumentException($"Expected whole windows of {WindowSize} ids, got {characterIds.Length} ids.", nameof(characterIds));
        }
        int rows = characterIds.Length / WindowSize;
        CheckLength(scores.Length, rows * Vocabulary.Count, nameof(scores), "scores");
        int chunks = UsesGpu ? 1 : Math.Clamp(rows / MinimumChunkRows, 1, 2 * _parallelism);
        if (chunks == 1)
        {
            RunBlock(characterIds, scores, rows);
            return;
        }
        int chunkRows = (rows + chunks - 1) / chunks;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, chunk =>
        {
            int first = chunk * chunkRows;
            int count = Math.Min(chunkRows, rows - first);
            RunBlock(characterIds.Slice(first * WindowSize, count * WindowSize), scores.Slice(first * Vocabulary.Count, count * Vocabulary.Count), count);
        });
    }

    /// <summary>The smallest chunk <see cref="ScoreBatch"/> gives one session call on the CPU.</summary>
    public const int MinimumChunkRows = 64;

    private void RunBlock(ReadOnlyMemory<long> characterIds, Memory<float> scores, int rows)
    {
        if (rows == 0)
        {
            return;
        }
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            System.Runtime.InteropServices.MemoryMarshal.AsMemory(characterIds), [rows, WindowSize]);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, scores, [rows, Vocabulary.Count]);
        using var runOptions = new RunOptions();
        _session.Run(runOptions, _inputNames, [input], _scoreName, [output]);
    }

    /// <summary>Runs the raw session on one block and returns both outputs as the file computes them
    /// (<c>Score</c> and <c>PredictedLabel</c>), for checking the contract.</summary>
    public (float[] Scores, long[] PredictedLabels) Run(long[] characterIds)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(characterIds);
        int rows = characterIds.Length / WindowSize;
        using var input = OrtValue.CreateTensorValueFromMemory(characterIds, [rows, WindowSize]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(runOptions, _inputNames, [input], [OnnxNames.Score, OnnxNames.PredictedLabel]);
        return (results.First().GetTensorDataAsSpan<float>().ToArray(), results.Last().GetTensorDataAsSpan<long>().ToArray());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        (_rows as IDisposable)?.Dispose();
        if (_mlNet.IsValueCreated)
        {
            _mlNet.Value.Dispose();
        }
        _session.Dispose();
    }

    private static bool IsZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\u0003\u0004"u8);
    }

    private static void CheckLength(int actual, int expected, string parameter, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} {what}, got {actual}.", parameter);
        }
    }
}
